"""Byte ranges for served files (RFC 9110 section 14): the one-range subset a video player uses."""

from __future__ import annotations

import pytest

from kneecoach.web.ranges import UNSATISFIABLE, wanted_range


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-1", (0, 1)),  # Safari's first probe
        ("bytes=100-", (100, 999)),
        ("bytes=-300", (700, 999)),  # the last 300 bytes
        ("bytes=-5000", (0, 999)),  # a suffix longer than the file is the whole file
        ("bytes=900-5000", (900, 999)),  # an end past the file is cut to the file
        ("BYTES=10-19", (10, 19)),  # the unit is case-insensitive
    ],
)
def test_one_byte_range_is_the_bytes_asked_for_within_the_file(
    header: str | None, expected: tuple[int, int] | None
) -> None:
    assert wanted_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_a_range_past_the_end_is_unsatisfiable(header: str | None) -> None:
    assert wanted_range(header, 1000) == UNSATISFIABLE


@pytest.mark.parametrize(
    "header", [None, "", "bytes=0-1,5-9", "items=0-5", "bytes=9-2", "bytes=-", "bytes=a-b"]
)
def test_no_range_several_ranges_or_a_malformed_one_get_the_whole_file(header: str | None) -> None:
    assert wanted_range(header, 1000) is None


LONG = "9" * 5000  # past Python's 4300-digit limit for int(): a 500 before


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (f"bytes={LONG}-", UNSATISFIABLE),  # starts past any file: 416
        (f"bytes={LONG}-{LONG}", UNSATISFIABLE),
        (f"bytes=0-{LONG}", (0, 999)),  # an end past the file is cut to the file
        (f"bytes=-{LONG}", (0, 999)),  # a suffix longer than the file is the whole file
        (f"bytes={'0' * 5000}5-9", (5, 9)),  # leading zeros are still the number
    ],
)
def test_numbers_too_long_for_int_are_read_as_past_the_end(
    header: str | None, expected: tuple[int, int] | None
) -> None:
    assert wanted_range(header, 1000) == expected
