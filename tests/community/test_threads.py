"""Which discussions exist and how a thread's text is read (community/threads.py). Pure: no
database (`reverse` only reads the URL configuration)."""

import pytest

from hiphub.community import threads
from hiphub.community.threads import Kind, Thread, every_thread, for_protocol, parse

PAGE = Thread(Kind.PAGE, "hip-and-back", "How the hips and low back relate")
RELEASE = Thread(Kind.PROTOCOL, "positional_release", "Supported positional release rest")


def test_the_education_page_thread_is_read_with_its_title_and_address() -> None:
    found = parse("page:hip-and-back")
    assert found is not None
    assert found == PAGE
    assert found.key == str(found) == "page:hip-and-back"
    assert found.protocol == ""
    assert found.url == "/learn/hip-and-back/#community"


def test_a_routine_thread_is_read_with_its_title_routine_and_address() -> None:
    found = parse("protocol:positional_release")
    assert found is not None
    assert found == RELEASE
    assert found.key == str(found) == "protocol:positional_release"
    assert found.protocol == "positional_release"
    assert found.url == "/community/protocols/positional_release/#community"


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "hip-and-back",
        "page:",
        "page:no-such-page",
        "page:positional_release",
        "protocol:",
        "protocol:no_such_routine",
        "protocol:hip-and-back",
        "forum:hip-and-back",
        "PAGE:hip-and-back",
        "page:hip-and-back:extra",
    ],
)
def test_text_that_names_no_discussion_is_no_thread(raw: object) -> None:
    assert parse(raw) is None


def test_each_routine_has_its_discussion_and_an_unknown_routine_has_none() -> None:
    assert for_protocol("positional_release") == RELEASE
    assert for_protocol("no_such_routine") is None
    assert for_protocol("hip-and-back") is None


def test_every_thread_lists_the_pages_first_then_every_routine() -> None:
    assert [t.key for t in every_thread()] == [
        "page:hip-and-back",
        "protocol:gentle_mobility",
        "protocol:hip_trunk_strength",
        "protocol:positional_release",
    ]
    assert every_thread()[3] == RELEASE


def test_routines_are_listed_by_title_not_by_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        threads, "protocol_titles", lambda: {"a_routine": "Walking", "b_routine": "Breathing"}
    )
    assert [t.title for t in every_thread()] == [
        "How the hips and low back relate",
        "Breathing",
        "Walking",
    ]
