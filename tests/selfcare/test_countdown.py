import pytest

from hiphub.selfcare.countdown import Countdown, mmss


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_runs_pauses_resumes_and_finishes() -> None:
    clock = FakeClock()
    countdown = Countdown(60, clock=clock)
    assert countdown.remaining() == 60 and not countdown.running
    countdown.start()
    clock.now += 20
    assert countdown.remaining() == 40
    countdown.pause()
    assert countdown.paused
    clock.now += 500  # paused time does not count
    assert countdown.remaining() == 40
    countdown.resume()
    clock.now += 39
    assert countdown.remaining() == 1 and not countdown.finished
    clock.now += 5
    assert countdown.finished and countdown.remaining() == 0
    assert countdown.elapsed() == 60


def test_toggle_and_double_start_are_harmless() -> None:
    clock = FakeClock()
    countdown = Countdown(10, clock=clock)
    countdown.toggle()
    countdown.start()
    clock.now += 4
    countdown.toggle()
    assert countdown.remaining() == 6 and countdown.paused


@pytest.mark.parametrize("seconds", [0, -5])
def test_length_must_be_positive(seconds: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        Countdown(seconds)


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0:00"), (0.2, "0:01"), (59, "0:59"), (60, "1:00"), (61, "1:01"), (1200, "20:00")],
)
def test_mmss(seconds: float, shown: str) -> None:
    assert mmss(seconds) == shown


def test_a_countdown_of_no_length_is_refused_in_words() -> None:
    with pytest.raises(ValueError) as refused:
        Countdown(0)
    assert str(refused.value) == "A countdown needs a positive length."


def test_a_countdown_not_yet_started_is_neither_running_nor_paused() -> None:
    countdown = Countdown(30, clock=FakeClock())
    assert not countdown.running and not countdown.paused and not countdown.finished
    assert countdown.elapsed() == 0


def test_starting_a_running_countdown_again_does_not_restart_it() -> None:
    clock = FakeClock()
    countdown = Countdown(10, clock=clock)
    countdown.start()
    clock.now += 3
    countdown.start()
    clock.now += 3
    assert countdown.remaining() == 4 and countdown.running and not countdown.paused


def test_pausing_after_the_end_leaves_nothing_to_run_and_nothing_paused() -> None:
    clock = FakeClock()
    countdown = Countdown(10, clock=clock)
    countdown.start()
    clock.now += 12  # the player looked two seconds late
    countdown.pause()
    assert countdown.remaining() == 0 and countdown.elapsed() == 10
    assert countdown.finished and not countdown.paused and not countdown.running
    countdown.toggle()  # pressing space again does not start a finished countdown
    assert not countdown.running and countdown.remaining() == 0


def test_toggling_pauses_a_running_countdown_and_resumes_a_paused_one() -> None:
    clock = FakeClock()
    countdown = Countdown(10, clock=clock)
    countdown.toggle()
    assert countdown.running
    clock.now += 2.5
    countdown.toggle()
    assert countdown.paused and not countdown.running and countdown.remaining() == 7.5
    clock.now += 100
    countdown.toggle()
    assert countdown.running
    clock.now += 7
    assert countdown.remaining() == 0.5 and countdown.elapsed() == 9.5


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(-3, "0:00"), (0.999, "0:01"), (1, "0:01"), (59.2, "1:00"), (119, "1:59"), (3599.5, "60:00")],
)
def test_mmss_rounds_up_to_whole_seconds_and_never_shows_less_than_nothing(
    seconds: float, shown: str
) -> None:
    assert mmss(seconds) == shown


def test_pausing_with_half_a_second_left_is_still_paused() -> None:
    clock = FakeClock()
    countdown = Countdown(10, clock=clock)
    countdown.start()
    clock.now += 9.5
    countdown.pause()
    assert countdown.paused and not countdown.finished and countdown.remaining() == 0.5
    countdown.resume()
    assert countdown.running
    clock.now += 0.5
    assert countdown.finished


@pytest.mark.parametrize("seconds", [1, 0.5])
def test_a_countdown_of_a_second_or_less_is_allowed(seconds: float) -> None:
    clock = FakeClock()
    countdown = Countdown(seconds, clock=clock)
    countdown.start()
    assert countdown.remaining() == seconds and not countdown.finished
    clock.now += seconds
    assert countdown.finished
