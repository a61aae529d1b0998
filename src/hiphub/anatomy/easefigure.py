"""The drawing of a muscle's position of ease, from the poses in data/ease_poses.toml. Pure.

The same renderer draws the self-care steps (hiphub.core.figure; poses in hiphub.core.pose).
Muscles whose position of ease a flat drawing would misstate have no entry, and their page
shows the words alone.
"""

import tomllib
from functools import cache
from pathlib import Path

from hiphub.core.pose import FigureDataError, Pose, pose_from_dict

DATA = Path(__file__).parent / "data" / "ease_poses.toml"


class EasePoseError(ValueError):
    """ease_poses.toml names an unknown muscle or holds a pose that cannot be drawn."""


@cache
def ease_poses(known_muscles: frozenset[str]) -> dict[str, Pose]:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    poses = {}
    for muscle_id, table in raw.items():
        if muscle_id not in known_muscles:
            raise EasePoseError(f"{DATA.name}: unknown muscle {muscle_id!r}")
        try:
            poses[muscle_id] = pose_from_dict(table, f"{muscle_id}.")
        except FigureDataError as exc:
            raise EasePoseError(f"{DATA.name}: {exc}") from None
    return poses
