"""HTML to PDF: a document asked for again is served from memory, byte for byte what a new layout
of it gives; a changed document is laid out anew; a refused one is refused every time."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pypdf
import pytest
import weasyprint

from kneecoach.errors import InvalidInput
from kneecoach.exports.pdf import html_to_pdf

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 16mm; @bottom-center {{ content: counter(page) " / " counter(pages) }} }}
</style></head><body><h1>Your knee exercise programme</h1><p>Printed {day}.</p>
<p style="break-before: page">Logging sheet</p></body></html>"""


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The documents WeasyPrint is given, in order, from an empty memo."""
    given: list[str] = []
    real = weasyprint.HTML

    def counting(*args: Any, **kwargs: Any) -> Any:
        given.append(kwargs["string"])
        return real(*args, **kwargs)

    html_to_pdf.cache_clear()
    monkeypatch.setattr(weasyprint, "HTML", counting)
    yield given
    html_to_pdf.cache_clear()


def pages_text(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_the_same_html_is_laid_out_once_and_served_again_unchanged(layouts: list[str]) -> None:
    document = PAGE.format(day="7 December 2026")
    first = html_to_pdf(document)
    again = html_to_pdf(document)
    assert layouts == [document]  # the second came from memory
    html_to_pdf.cache_clear()
    fresh = html_to_pdf(document)
    assert len(layouts) == 2
    assert again == fresh == first  # WeasyPrint is deterministic: the memo is what it would give
    assert pages_text(again) == ["Your knee exercise programme Printed 7 December 2026. 1 / 2",
                                 "Logging sheet 2 / 2"]  # fmt: skip


def test_a_changed_document_is_laid_out_anew(layouts: list[str]) -> None:
    monday = html_to_pdf(PAGE.format(day="7 December 2026"))
    tuesday = html_to_pdf(PAGE.format(day="8 December 2026"))
    assert len(layouts) == 2
    assert "Printed 7 December 2026." in pages_text(monday)[0]
    assert "Printed 8 December 2026." in pages_text(tuesday)[0]


def test_a_refused_document_is_refused_every_time(layouts: list[str]) -> None:
    document = '<img src="file:///etc/passwd">'
    for _ in range(2):
        with pytest.raises(InvalidInput) as error:
            html_to_pdf(document)
        assert error.value.field == "html"
    assert layouts == [document, document]  # a refusal is not kept as if it were a PDF
