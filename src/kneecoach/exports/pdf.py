"""Printable handouts as PDF: HTML in, PDF bytes out, with WeasyPrint.

The HTML comes from the same Django templates as the pages (the web layer renders them; this
module imports no Django), with the exercise figures inlined as ``data:`` URIs. Rendering never
reaches the network or the disk: the URL fetcher allows ``data:`` URIs only, so a template can
not make the server fetch a URL or read a file into a handout.

WeasyPrint needs the system's pango (Debian: ``libpango-1.0-0``, ``libpangoft2-1.0-0``);
``make install`` checks for it.

Laying out a handout is most of its cost (the person's 20 pages: ~1.3 s of CPU in WeasyPrint,
~20 ms to render the HTML; ``bench/handout.py``), and WeasyPrint is deterministic: the same HTML
gives the same bytes. So the last ``HANDOUTS_KEPT`` PDFs are kept by their HTML, and a handout
asked for again (the library's per exercise and language, a person's second download on a day,
the clinic's copy of it) costs the HTML alone. A changed dose, day or language changes the HTML,
so nothing stale is served.
"""

from __future__ import annotations

import base64
import functools

from kneecoach.errors import InvalidInput

# 32 x (HTML ~110 kB + PDF ~60 kB): ~5 MB at most; the library alone has 7 exercises x 2 languages.
HANDOUTS_KEPT = 32


def svg_data_uri(svg: str) -> str:
    """An SVG document as a ``data:`` URI for an ``<img>`` in a handout."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@functools.lru_cache(maxsize=HANDOUTS_KEPT)
def html_to_pdf(html: str) -> bytes:
    """The PDF of one HTML document (A4 and margins come from its own ``@page`` CSS); the same
    HTML again is served from memory (a refused document is not kept: it is refused each time)."""
    import weasyprint

    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=("data",), fail_on_errors=True)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url="data:,")
    try:
        data = document.write_pdf()
    except weasyprint.urls.FatalURLFetchingError as error:
        raise InvalidInput(f"a handout may embed data: URIs only ({error})", field="html") from None
    if data is None:  # only when a target file is given
        raise InvalidInput("the handout could not be rendered", field="pdf")
    return bytes(data)
