"""Serving a stored file with byte ranges (RFC 9110 section 14), for the kept videos.

Safari plays a ``<video>`` only from a server that answers ``Range`` requests with 206 Partial
Content, and every browser seeks in a long video by asking for a range. Django's
``FileResponse`` always sends the whole file. The one library for this
(django-ranged-response, last released 2017) reads the whole file into memory to learn its
size, which a 200 MB video must not do; this is the small part of the RFC a video needs: one
range per request, a suffix range, 416 for a range past the end. Several ranges in one
request, or a request with ``If-Range`` (we send no validator it could match), get the whole
file with 200, which the RFC allows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

CHUNK = 64 * 1024
_ONE_RANGE = re.compile(r"^bytes=[ \t]*(\d*)-(\d*)[ \t]*$", re.IGNORECASE)
UNSATISFIABLE = (-1, -1)
# A position of more significant digits than this is past the end of any file served here (an
# exabyte); read as such, it never reaches int(), which refuses strings over 4300 digits (a
# header of 5,000 nines was a 500).
POSITION_DIGITS_MAX = 18
PAST_ANY_END = 10**POSITION_DIGITS_MAX


def _position(digits: str) -> int:
    significant = digits.lstrip("0") or "0"
    return int(significant) if len(significant) <= POSITION_DIGITS_MAX else PAST_ANY_END


def wanted_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The (first, last) bytes, inclusive, asked for by a ``Range`` header on a file of ``size``
    bytes; ``None`` to send the whole file (no header, not one plain byte range);
    ``UNSATISFIABLE`` when the range starts past the end (or asks for the last 0 bytes)."""
    match = _ONE_RANGE.match(header or "")
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # a suffix: the last N bytes
        suffix = _position(last)
        return UNSATISFIABLE if suffix == 0 or size == 0 else (max(0, size - suffix), size - 1)
    start = _position(first)
    end = min(_position(last), size - 1) if last else size - 1
    if last and _position(last) < start:
        return None  # syntactically invalid: the RFC says to ignore the header
    if start >= size:
        return UNSATISFIABLE
    return start, end


def ranged_file_response(request: HttpRequest, file: Any, content_type: str) -> HttpResponseBase:
    """The file (a Django ``File`` from a storage, opened for reading) whole, or the one range
    the request asks for; the file is closed when the response is."""
    size = int(file.size)
    wanted = (
        None if "If-Range" in request.headers else wanted_range(request.headers.get("Range"), size)
    )
    response: HttpResponseBase
    if wanted is None:
        response = FileResponse(file, content_type=content_type)
    elif wanted == UNSATISFIABLE:
        file.close()
        response = HttpResponse(status=416, content_type=content_type)
        response["Content-Range"] = f"bytes */{size}"
    else:
        start, end = wanted
        response = StreamingHttpResponse(
            _read(file, start, end), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response


def _read(file: Any, start: int, end: int) -> Iterator[bytes]:
    """Bytes ``start``..``end`` (inclusive) in chunks; closing the generator closes the file."""
    with file:
        file.seek(start)
        left = end - start + 1
        while left > 0:
            chunk = file.read(min(CHUNK, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk
