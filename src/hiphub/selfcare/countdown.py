"""A pausable countdown with an injectable clock, for the terminal player (the web player
does the same in player.js). Pure: no I/O, so tests drive it with a fake clock."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Countdown:
    seconds: float
    clock: Callable[[], float] = time.monotonic
    _ends_at: float | None = field(default=None, init=False)
    _left: float = field(default=0.0, init=False)

    def __post_init__(self) -> None:
        if self.seconds <= 0:
            raise ValueError("A countdown needs a positive length.")
        self._left = float(self.seconds)

    @property
    def running(self) -> bool:
        return self._ends_at is not None

    @property
    def paused(self) -> bool:
        return self._ends_at is None and 0 < self._left < self.seconds

    def start(self) -> None:
        if self._ends_at is None and self._left > 0:
            self._ends_at = self.clock() + self._left

    def pause(self) -> None:
        if self._ends_at is not None:
            self._left = max(0.0, self._ends_at - self.clock())
            self._ends_at = None

    resume = start

    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.start()

    def remaining(self) -> float:
        if self._ends_at is None:
            return self._left
        return max(0.0, self._ends_at - self.clock())

    @property
    def finished(self) -> bool:
        return self.remaining() <= 0

    def elapsed(self) -> float:
        return self.seconds - self.remaining()


def mmss(seconds: float) -> str:
    whole = max(0, int(-(-seconds // 1)))  # round up, so 0:01 shows until the very end
    return f"{whole // 60}:{whole % 60:02d}"
