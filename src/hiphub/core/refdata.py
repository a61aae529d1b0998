"""Reference data: the reviewed TOML files each capability ships.

Each loader parses and validates its files and returns how many records it read; loaders
are cached, so `refresh()` clears them and reads everything again (after an upgrade or an
edit to a data file). Start-up loads everything once so a broken file stops `serve` with a
message instead of failing on the first request.
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Loader:
    name: str
    target: str  # "module:function"; the function takes no arguments and is cached

    def function(self) -> Callable[[], object]:
        module_name, func_name = self.target.split(":")
        func: Callable[[], object] = getattr(import_module(module_name), func_name)
        return func


LOADERS: tuple[Loader, ...] = (
    Loader("red flags", "hiphub.screening.redflags:load"),
    Loader("anatomy", "hiphub.anatomy.atlas:load"),
    Loader("questionnaires", "hiphub.screening.questionnaires:instruments"),
    Loader("education pages", "hiphub.content.pages:all_pages"),
    Loader("self-care protocols", "hiphub.selfcare.protocol:protocols"),
    Loader("therapy techniques", "hiphub.directory.techniques:load"),
)


def refresh() -> list[str]:
    """Clear and reload every reference data set; returns one line per data set."""
    lines = []
    for loader in LOADERS:
        func = loader.function()
        cache_clear = getattr(func, "cache_clear", None)
        if cache_clear is not None:
            cache_clear()
        func()
        lines.append(f"{loader.name}: loaded")
    return lines
