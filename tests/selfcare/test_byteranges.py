import pytest

from hiphub.selfcare.byteranges import ByteRange, RangeNotSatisfiableError, parse, unsatisfied

SIZE = 10_000


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=1000-1999", 1000, 1999),
        ("bytes=1000-", 1000, SIZE - 1),  # open-ended
        ("bytes=-500", SIZE - 500, SIZE - 1),  # the last 500 bytes
        ("bytes=-20000", 0, SIZE - 1),  # a suffix longer than the file is the whole file
        ("bytes=9000-20000", 9000, SIZE - 1),  # the end is clipped to the file
        ("bytes=0-0", 0, 0),
        ("BYTES = 5 - 9", 5, 9),
    ],
)
def test_one_range_is_honoured(header: str, first: int, last: int) -> None:
    wanted = parse(header, SIZE)
    assert wanted == ByteRange(first, last, SIZE)
    assert wanted.length == last - first + 1
    assert wanted.content_range == f"bytes {first}-{last}/{SIZE}"


@pytest.mark.parametrize(
    "header",
    [None, "", "bytes=", "bytes=-", "items=0-10", "bytes=0-10,20-30", "bytes=20-10", "bytes=a-b"],
)
def test_anything_else_means_the_whole_file(header: str | None) -> None:
    assert parse(header, SIZE) is None


@pytest.mark.parametrize("header", [f"bytes={SIZE}-", f"bytes={SIZE + 5}-{SIZE + 9}", "bytes=-0"])
def test_ranges_past_the_end_cannot_be_satisfied(header: str) -> None:
    with pytest.raises(RangeNotSatisfiableError):
        parse(header, SIZE)
    assert unsatisfied(SIZE) == f"bytes */{SIZE}"
