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
