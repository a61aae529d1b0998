"""The journal's one-line answer."""

from hiphub.journal.headline import headline


def test_it_speaks_for_the_last_ten_sessions_only() -> None:
    old = [(9.0, 9.0)] * 5  # five early sessions where nothing changed
    recent = [(6.0, 4.0)] * 10
    assert headline(old + recent) == (
        "Over your last 10 sessions with ratings before and after, pain went down by "
        "2 points on average during a session (6 → 4)."
    )


def test_fewer_sessions_say_how_many_and_a_rise_is_a_rise() -> None:
    assert headline([(3.0, 4.0), (3.0, 5.0), (4.0, 4.0)]) == (
        "Over your last 3 sessions with ratings before and after, pain went up by "
        "1 point on average during a session (3.3 → 4.3)."
    )


def test_one_session_is_not_an_average() -> None:
    assert headline([(7.0, 7.0)]) == (
        "In your last session with ratings before and after, pain stayed the same (7 → 7)."
    )


def test_no_pairs_says_so() -> None:
    assert "nothing to sum up" in headline([])
