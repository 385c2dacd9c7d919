"""Printable handouts as PDF: HTML in, PDF bytes out, with WeasyPrint.

The HTML comes from the same Django templates as the pages (the web layer renders them; this
module imports no Django), with the exercise figures inlined as ``data:`` URIs. Rendering never
reaches the network or the disk: the URL fetcher allows ``data:`` URIs only, so a template can
not make the server fetch a URL or read a file into a handout.

WeasyPrint needs the system's pango (Debian: ``libpango-1.0-0``, ``libpangoft2-1.0-0``);
``make install`` checks for it.
"""

from __future__ import annotations

import base64

from kneecoach.errors import InvalidInput


def svg_data_uri(svg: str) -> str:
    """An SVG document as a ``data:`` URI for an ``<img>`` in a handout."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def html_to_pdf(html: str) -> bytes:
    """The PDF of one HTML document (A4 and margins come from its own ``@page`` CSS)."""
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
