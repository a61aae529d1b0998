"""Questions about the hip and low back, answered from the anatomy data as a graph.

Muscles and bones are the nodes; a muscle is joined to every bone it attaches to. Two muscles
that share a bone pull on each other through it: that is what "the hips are the hub" means, and
the hub ranking below measures it instead of asserting it. Pure functions: no ORM, no request.
"""

import functools
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from hiphub.anatomy.atlas import Atlas, Muscle, UnknownIdError, load
from hiphub.core.sources import Source


@dataclass(frozen=True)
class Attachment:
    role: str  # "origin" or "insertion"
    landmark: str
    landmark_name: str
    bone: str
    bone_name: str
    region: str


@dataclass(frozen=True)
class Connection:
    muscle: str
    name: str
    shared_bones: list[str]
    shared_bone_names: list[str]


@dataclass(frozen=True)
class Compensator:
    muscle: str
    name: str
    shared_actions: list[str]
    shared_bones: list[str]
    reason: str


@dataclass(frozen=True)
class Candidate:
    muscle: str
    name: str
    regions: list[str]
    region_names: list[str]
    pattern_size: int
    leading_cause: list[str]
    reason: str


@dataclass(frozen=True)
class OtherSourceMatch:
    id: str
    name: str
    regions: list[str]
    text: str
    sources: list[Source]
    safety_check: bool


@dataclass(frozen=True)
class HubEntry:
    region: str
    name: str
    muscle_count: int
    muscles: list[str]
    bones: list[str]
    betweenness: float


@dataclass(frozen=True)
class PathStep:
    kind: str  # "muscle" or "bone"
    id: str
    name: str
    region: str | None


def as_json(value: Any) -> Any:
    """Results as plain JSON-ready values (lists of dicts)."""
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return asdict(value)


# Node names are private to this module; other modules ask by muscle and bone id.
def _muscle_node(muscle_id: str) -> str:
    return f"muscle:{muscle_id}"


def _bone_node(bone_id: str) -> str:
    return f"bone:{bone_id}"


@functools.cache
def muscle_bone_graph() -> nx.Graph:
    atlas = load()
    graph = nx.Graph()
    for bone in atlas.bones.values():
        graph.add_node(_bone_node(bone.id), kind="bone", id=bone.id, region=bone.region)
    for muscle in atlas.muscles.values():
        graph.add_node(_muscle_node(muscle.id), kind="muscle", id=muscle.id)
        for bone_id in atlas.bones_of(muscle):
            graph.add_edge(_muscle_node(muscle.id), _bone_node(bone_id))
    return graph


def muscle_bone_edges() -> list[tuple[str, str]]:
    """(muscle id, bone id) for every bone each muscle attaches to, in the data's order."""
    atlas = load()
    return [(m.id, bone) for m in atlas.muscles.values() for bone in atlas.bones_of(m)]


def attachments(muscle_id: str) -> list[Attachment]:
    atlas = load()
    muscle = atlas.muscle(muscle_id)
    rows = []
    for role, landmarks in (("origin", muscle.origins), ("insertion", muscle.insertions)):
        for landmark_id in landmarks:
            landmark = atlas.landmarks[landmark_id]
            bone = atlas.bones[landmark.bone]
            rows.append(
                Attachment(role, landmark.id, landmark.name, bone.id, bone.name, bone.region)
            )
    return rows


def muscle_record(muscle_id: str) -> dict[str, Any]:
    """Everything about one muscle as plain JSON-ready values (the API and `--json` output)."""
    m = load().muscle(muscle_id)
    rows = attachments(m.id)
    return {
        "id": m.id,
        "name": m.name,
        "lay_name": m.lay_name,
        "aliases": list(m.aliases),
        "group": m.group,
        "origins": as_json([r for r in rows if r.role == "origin"]),
        "insertions": as_json([r for r in rows if r.role == "insertion"]),
        "actions": list(m.actions),
        "nerve": m.nerve,
        "roots": list(m.roots),
        "referral_regions": list(m.referral),
        "leading_cause_of": list(m.leading_cause),
        "position_of_ease": m.ease,
        "ease_joints": {joint: list(moves) for joint, moves in m.ease_joints.items()},
        "ease_summary": load().ease_summary(m),
        "notes": m.notes,
        "caveat": m.caveat or None,
        "sources": [{"name": s.name, "url": s.url} for s in m.sources],
    }


def _shared_bones(atlas: Atlas, a: Muscle, b: Muscle) -> list[str]:
    theirs = set(atlas.bones_of(b))
    return [bone for bone in atlas.bones_of(a) if bone in theirs]


def connected(muscle_id: str) -> list[Connection]:
    """Muscles that share at least one bone with this one, most shared bones first."""
    atlas = load()
    muscle = atlas.muscle(muscle_id)
    rows = []
    for other in atlas.muscles.values():
        if other.id == muscle.id:
            continue
        shared = _shared_bones(atlas, muscle, other)
        if shared:
            names = [atlas.bones[b].name for b in shared]
            rows.append(Connection(other.id, other.name, shared, names))
    return sorted(rows, key=lambda c: (-len(c.shared_bones), c.name))


def compensators(muscle_id: str) -> list[Compensator]:
    """Synergists that can take over this muscle's work: they share at least one action.

    Ranked by how many actions they share, then by how many bones they share (a muscle pulling
    on the same bones takes over more of the same job), then by name.
    """
    atlas = load()
    muscle = atlas.muscle(muscle_id)
    rows = []
    for other in atlas.muscles.values():
        actions = [a for a in muscle.actions if a in other.actions]
        if other.id == muscle.id or not actions:
            continue
        bones = _shared_bones(atlas, muscle, other)
        reason = "also " + " and ".join(atlas.actions[a].text for a in actions)
        if bones:
            reason += "; pulls on the same " + ", ".join(
                atlas.bones[b].name.split(" (")[0] for b in bones
            )
        rows.append(Compensator(other.id, other.name, actions, bones, reason))
    return sorted(rows, key=lambda c: (-len(c.shared_actions), -len(c.shared_bones), c.name))


def _chosen(atlas: Atlas, region_ids: list[str]) -> list[str]:
    """The chosen ids once each, in order; UnknownIdError names the first unknown one."""
    chosen = list(dict.fromkeys(atlas.body_region(r).id for r in region_ids))
    if not chosen:
        raise ValueError("Choose at least one body region.")
    return chosen


def alert_flags(region_ids: list[str]) -> list[str]:
    """The safety-check red flags the chosen regions raise (the saddle area raises one)."""
    atlas = load()
    chosen = _chosen(atlas, region_ids)
    flags = [atlas.alert_regions[r].red_flag for r in chosen if r in atlas.alert_regions]
    return list(dict.fromkeys(f for f in flags if f))


def candidates(region_ids: list[str]) -> list[Candidate]:
    """Muscles whose commonly described referral pattern covers the painful regions.

    Ranked by how many of the chosen regions a muscle explains, then by how many of them it is
    a leading cause of (clinical studies, not only trigger-point maps), then by how focused its
    pattern is (a muscle that refers to few places, including these, fits better), then name.
    When an alert region (the saddle area) is chosen no muscle is suggested: the safety advice
    comes first.
    """
    atlas = load()
    chosen = _chosen(atlas, region_ids)
    if any(r in atlas.alert_regions for r in chosen):
        return []
    rows = []
    for muscle in atlas.muscles.values():
        explained = [r for r in chosen if r in muscle.referral]
        if not explained:
            continue
        names = [atlas.body_regions[r].name for r in explained]
        reason = f"commonly described as referring to the {_join_lower(names)}"
        if len(explained) < len(chosen):
            reason += f" ({len(explained)} of the {len(chosen)} places you chose)"
        leading = [r for r in explained if r in muscle.leading_cause]
        if leading:
            where = (
                "there"
                if leading == explained
                else "at the " + _join_lower([atlas.body_regions[r].name for r in leading])
            )
            reason += f"; clinical studies name it among the commonest causes of pain {where}"
        rows.append(
            Candidate(
                muscle.id, muscle.name, explained, names, len(muscle.referral), leading, reason
            )
        )
    return sorted(rows, key=candidate_order)


def candidate_order(c: Candidate) -> tuple[int, int, int, str]:
    """The ranking of candidates: most chosen places explained, then most of them a leading
    cause of, then the most focused pattern, then by name."""
    return (-len(c.regions), -len(c.leading_cause), c.pattern_size, c.name)


def other_sources(region_ids: list[str]) -> list[OtherSourceMatch]:
    """Non-muscle sources of pain (a joint, a nerve root) the chosen regions suggest, in the
    data's order; none when an alert region is chosen."""
    atlas = load()
    chosen = _chosen(atlas, region_ids)
    if any(r in atlas.alert_regions for r in chosen):
        return []
    rows = []
    for other in atlas.other_sources.values():
        matched = [r for r in chosen if r in other.regions]
        if matched:
            rows.append(
                OtherSourceMatch(
                    other.id,
                    other.name,
                    matched,
                    other.text,
                    list(other.sources),
                    other.safety_check,
                )
            )
    return rows


def _join_lower(names: list[str]) -> str:
    lowered = [n[0].lower() + n[1:] for n in names]
    return lowered[0] if len(lowered) == 1 else ", ".join(lowered[:-1]) + " and " + lowered[-1]


def hub() -> list[HubEntry]:
    """Skeletal regions ranked by how many muscles attach through them.

    Ties are broken by betweenness centrality: how often the region's bones lie on the
    shortest routes between muscles.
    """
    atlas = load()
    graph = muscle_bone_graph()
    centrality = nx.betweenness_centrality(graph)
    rows = []
    for region in atlas.skeletal_regions.values():
        bones = [b.id for b in atlas.bones.values() if b.region == region.id]
        muscles = sorted(
            {graph.nodes[n]["id"] for b in bones for n in graph.neighbors(_bone_node(b))}
        )
        between = sum(centrality[_bone_node(b)] for b in bones)
        rows.append(HubEntry(region.id, region.name, len(muscles), muscles, bones, between))
    return sorted(rows, key=hub_order)


def hub_order(h: HubEntry) -> tuple[int, float, str]:
    """The hub ranking: most muscles, then the highest betweenness, then by name."""
    return (-h.muscle_count, -h.betweenness, h.name)


def path(from_muscle: str, to_muscle: str) -> list[PathStep]:
    """The shortest chain muscle → bone → muscle … joining two muscles."""
    atlas = load()
    start, end = atlas.muscle(from_muscle), atlas.muscle(to_muscle)
    graph = muscle_bone_graph()
    try:
        nodes = nx.shortest_path(graph, _muscle_node(start.id), _muscle_node(end.id))
    except nx.NetworkXNoPath:
        return []
    steps = []
    for node in nodes:
        kind, node_id = graph.nodes[node]["kind"], graph.nodes[node]["id"]
        if kind == "muscle":
            steps.append(PathStep(kind, node_id, atlas.muscles[node_id].name, None))
        else:
            bone = atlas.bones[node_id]
            steps.append(PathStep(kind, node_id, bone.name, bone.region))
    return steps


__all__ = [
    "Attachment",
    "Candidate",
    "Compensator",
    "Connection",
    "HubEntry",
    "OtherSourceMatch",
    "PathStep",
    "UnknownIdError",
    "alert_flags",
    "as_json",
    "attachments",
    "candidate_order",
    "candidates",
    "compensators",
    "connected",
    "hub",
    "hub_order",
    "muscle_bone_edges",
    "muscle_bone_graph",
    "muscle_record",
    "other_sources",
    "path",
]
