"""The JSON bodies of the anatomy questions, built once for the API and `hiphub anatomy … --json`.

Each function returns exactly what both print, so the two cannot drift apart: the pain answer
under "candidates", the hub ranking under "regions" and the chain under "path", with extra
fields beside them. Pure: no ORM, no request; the emergency number is passed in.
"""

from typing import Any

from hiphub.anatomy import graph
from hiphub.anatomy.atlas import load
from hiphub.screening.safety import assess

REFERRAL_CAVEAT = (
    "Referral maps are commonly described patterns from the trigger-point literature, "
    "not a diagnosis. If anything on the safety check applies to you, follow that advice first."
)


def pain_body(region_ids: list[str], emergency_number: str) -> dict[str, Any]:
    """Candidate muscles and other possible sources for the chosen regions.

    `safety` is null, or, when a chosen region is a warning sign (the saddle area), the safety
    check's own result for the red flags it raises; then `candidates` and `other_sources` are
    empty, because the advice comes first. Raises UnknownIdError for an unknown region and
    ValueError for none.
    """
    atlas = load()
    flags = graph.alert_flags(region_ids)
    chosen = list(dict.fromkeys(region_ids))
    return {
        "regions": chosen,
        "candidates": graph.as_json(graph.candidates(region_ids)),
        "other_sources": graph.as_json(graph.other_sources(region_ids)),
        "safety": assess(flags).as_dict(emergency_number) if flags else None,
        "alerts": [
            {"region": r, "name": atlas.alert_regions[r].name, "note": atlas.alert_regions[r].note}
            for r in chosen
            if r in atlas.alert_regions
        ],
        "caveat": REFERRAL_CAVEAT,
    }


def region_rows() -> list[dict[str, Any]]:
    """Every place `pain` accepts; `red_flag` is set for a warning-sign area (the saddle)."""
    return [
        {"id": r.id, "name": r.name, "placement": r.placement, "red_flag": r.red_flag}
        for r in load().pain_regions.values()
    ]


def hub_body() -> dict[str, Any]:
    """Skeletal regions ranked as hubs; `muscles` is how many muscles attach to each."""
    return {
        "regions": [
            {
                "id": h.region,
                "name": h.name,
                "muscles": h.muscle_count,
                "muscle_ids": h.muscles,
                "bones": h.bones,
                "betweenness": h.betweenness,
            }
            for h in graph.hub()
        ]
    }


def path_body(start: str, end: str) -> dict[str, Any]:
    """The shortest chain muscle → bone → muscle … from `start` to `end` (empty if none)."""
    return {"path": graph.as_json(graph.path(start, end))}
