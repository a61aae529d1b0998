"""Disk cache for expensive renders (diagrams, charts, audio), named by a hash of the inputs.

Files are written to a temporary name and renamed into place, so a concurrent reader sees
either nothing or the whole file, never half of it.
"""

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings


def key_for(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def cached_file(kind: str, key: str, suffix: str, render: Callable[[Path], object]) -> Path:
    """The path of the cached file, calling render(tmp_path) first if it is not there yet."""
    folder = Path(settings.RENDER_CACHE_DIR) / kind
    target = folder / f"{key}{suffix}"
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=suffix)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        render(tmp)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def cached_bytes(kind: str, key: str, suffix: str, render: Callable[[], bytes]) -> bytes:
    path = cached_file(kind, key, suffix, lambda tmp: tmp.write_bytes(render()))
    return path.read_bytes()
