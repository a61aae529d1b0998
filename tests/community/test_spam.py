"""The spam verdict and link finding (spam.py), pure: tables for every rule and its wording,
written to catch small changes (mutation testing scores these, docs/quality.md)."""

import pytest

from hiphub.community import spam


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("no links here", []),
        ("see https://a.example/x.", ["https://a.example/x"]),
        ("see http://a.example/x?y=1, and more", ["http://a.example/x?y=1"]),
        ("www.nhs.uk!", ["www.nhs.uk"]),
        ("(https://a.example/path)", ["https://a.example/path"]),
        ("'https://a.example/q';", ["https://a.example/q"]),
        ('"www.a.example"', ["www.a.example"]),
        ("HTTPS://A.EXAMPLE and WWW.B.EXAMPLE", ["HTTPS://A.EXAMPLE", "WWW.B.EXAMPLE"]),
        ("https://a.example<b>", ["https://a.example"]),
        ("xhttps://a.example", []),  # not at a word boundary
        ("javascript:alert(1) ftp://a.example", []),
        ("a.example without a scheme", []),
        ("https://a.example/x]}", ["https://a.example/x"]),
    ],
)
def test_links_in_finds_web_addresses_without_trailing_punctuation(
    text: str, links: list[str]
) -> None:
    assert spam.links_in(text) == links


@pytest.mark.parametrize(
    ("text", "block_list", "found"),
    [
        ("Cheap VIAGRA here", ["viagra"], ["viagra"]),
        ("I felt escorted home", ["escort"], []),
        ("an escort.", ["escort"], ["escort"]),
        ("unescorted", ["escort"], []),
        ("bescort", ["escort"], []),
        ("the payday loan offer", ["payday loan"], ["payday loan"]),
        ("a payday  loan", ["payday loan"], []),
        ("casino and viagra", ["viagra", "casino"], ["viagra", "casino"]),
        ("  casino  ", [" casino "], ["casino"]),
        ("anything at all", ["", "   "], []),
        ("a+b is fine", ["a+b"], ["a+b"]),
        ("nothing", [], []),
    ],
)
def test_blocked_terms_are_whole_words_ignoring_case(
    text: str, block_list: list[str], found: list[str]
) -> None:
    assert spam.blocked_terms(text, block_list) == found


@pytest.mark.parametrize(
    ("text", "name", "max_links", "publish", "reasons"),
    [
        ("plain words", "", 2, True, ()),
        ("https://a.example https://b.example", "", 2, True, ()),
        (
            "https://a.example https://b.example https://c.example",
            "",
            2,
            False,
            ("3 links (more than 2)",),
        ),
        ("https://a.example", "", 0, False, ("1 link (more than 0)",)),
        ("https://a.example", "", 1, True, ()),
        (
            "https://a.example https://b.example",
            "www.c.example",
            2,
            False,
            ("3 links (more than 2)",),
        ),
        ("https://a.example", "www.b.example", 1, False, ("2 links (more than 1)",)),
    ],
)
def test_links_in_the_text_and_the_name_count_against_the_limit(
    text: str, name: str, max_links: int, publish: bool, reasons: tuple[str, ...]
) -> None:
    verdict = spam.decide(text, name=name, block_list=[], trusted=True, max_links=max_links)
    assert (verdict.publish, verdict.reasons) == (publish, reasons)


def test_the_default_limit_is_two_links() -> None:
    assert spam.MAX_LINKS == 2
    two, three = "http://a.example www.b.example", "http://a.example www.b.example http://c.example"
    assert spam.decide(two, block_list=[], trusted=True).publish
    assert spam.decide(three, block_list=[], trusted=True).reasons == ("3 links (more than 2)",)


@pytest.mark.parametrize(
    ("text", "name", "reasons"),
    [
        ("Cheap VIAGRA", "", ("blocked words: viagra",)),
        ("ok", "casino king", ("blocked words: casino",)),
        ("ok", "king casino", ("blocked words: casino",)),  # the last word of the name
        ("casino first", "Rita", ("blocked words: casino",)),  # the first word of the text
        ("viagra at the casino", "", ("blocked words: viagra, casino",)),
        ("Ritacasino", "", ()),
    ],
)
def test_block_list_words_in_the_text_or_the_name_hold_a_post(
    text: str, name: str, reasons: tuple[str, ...]
) -> None:
    verdict = spam.decide(text, name=name, block_list=["viagra", "casino"], trusted=True)
    assert (verdict.publish, verdict.reasons) == (not reasons, reasons)


def test_every_reason_is_given_in_order() -> None:
    verdict = spam.decide(
        "viagra http://a.example http://b.example http://c.example",
        block_list=["viagra"],
        trusted=False,
        untrusted_because="not confirmed",
    )
    assert verdict == spam.Verdict(
        publish=False,
        reasons=("3 links (more than 2)", "blocked words: viagra", "not confirmed"),
    )


def test_untrusted_authors_are_held_with_the_reason_given() -> None:
    first = spam.decide("Helped a bit.", block_list=[], trusted=False)
    assert (first.publish, first.reasons) == (False, ("first post from this commenter",))
    assert spam.FIRST_POST == "first post from this commenter"
    other = spam.decide("Helped a bit.", block_list=[], trusted=False, untrusted_because="why")
    assert other.reasons == ("why",)
    assert spam.decide("Helped a bit.", block_list=[], trusted=True) == spam.Verdict(True, ())


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("", []),
        ("just words", [("just words", None)]),
        (
            "see www.nhs.uk.",
            [("see ", None), ("www.nhs.uk", "https://www.nhs.uk"), (".", None)],
        ),
        ("https://a.example", [("https://a.example", "https://a.example")]),
        ("https://a.example first", [("https://a.example", "https://a.example"), (" first", None)]),
        ("last http://a.example", [("last ", None), ("http://a.example", "http://a.example")]),
        ("HTTP://A.EXAMPLE", [("HTTP://A.EXAMPLE", "HTTP://A.EXAMPLE")]),
        ("WWW.A.EXAMPLE", [("WWW.A.EXAMPLE", "https://WWW.A.EXAMPLE")]),
        (
            "a www.b.example c https://d.example",
            [
                ("a ", None),
                ("www.b.example", "https://www.b.example"),
                (" c ", None),
                ("https://d.example", "https://d.example"),
            ],
        ),
        ("javascript:alert(1)", [("javascript:alert(1)", None)]),
    ],
)
def test_segments_cut_text_into_plain_pieces_and_links(
    text: str, pieces: list[tuple[str, str | None]]
) -> None:
    assert spam.segments(text) == pieces
    assert "".join(piece for piece, _ in pieces) == text
