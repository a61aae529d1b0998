"""`/api/anatomy/...`: the same graph queries as the pages and the CLI, as JSON."""

from django.http import HttpRequest
from ninja import Query, Router, Schema

from hiphub.anatomy import graph
from hiphub.anatomy.atlas import UnknownIdError, load
from hiphub.api import InputError, NotFoundError

router = Router(tags=["anatomy"])


class MuscleSummary(Schema):
    id: str
    name: str
    lay_name: str
    group: str


class AttachmentOut(Schema):
    role: str
    landmark: str
    landmark_name: str
    bone: str
    bone_name: str
    region: str


class SourceOut(Schema):
    name: str
    url: str | None


class MuscleDetail(MuscleSummary):
    aliases: list[str]
    origins: list[AttachmentOut]
    insertions: list[AttachmentOut]
    actions: list[str]
    nerve: str
    roots: list[str]
    referral_regions: list[str]
    position_of_ease: str
    notes: str
    caveat: str | None
    sources: list[SourceOut]


class ConnectionOut(Schema):
    muscle: str
    name: str
    shared_bones: list[str]
    shared_bone_names: list[str]


class CompensatorOut(Schema):
    muscle: str
    name: str
    shared_actions: list[str]
    shared_bones: list[str]
    reason: str


class CandidateOut(Schema):
    muscle: str
    name: str
    regions: list[str]
    region_names: list[str]
    reason: str


class CandidatesOut(Schema):
    regions: list[str]
    candidates: list[CandidateOut]
    caveat: str


class HubOut(Schema):
    region: str
    name: str
    muscle_count: int
    muscles: list[str]
    bones: list[str]
    betweenness: float


class PathStepOut(Schema):
    kind: str
    id: str
    name: str
    region: str | None


class RegionOut(Schema):
    id: str
    name: str
    placement: str


class PainQuery(Schema):
    regions: list[str]


class PathQuery(Schema):
    start: str
    end: str


REFERRAL_CAVEAT = (
    "Referral maps are commonly described patterns from the trigger-point literature, "
    "not a diagnosis. If anything on the safety check applies to you, follow that advice first."
)


def _muscle_or_404(muscle_id: str) -> None:
    try:
        load().muscle(muscle_id)
    except UnknownIdError as exc:
        raise NotFoundError(str(exc)) from None


@router.get("/muscles", response=list[MuscleSummary], summary="Every muscle")
def muscles(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {"id": m.id, "name": m.name, "lay_name": m.lay_name, "group": m.group}
        for m in load().muscles.values()
    ]


@router.get("/muscles/{muscle_id}", response=MuscleDetail, summary="One muscle in full")
def muscle(request: HttpRequest, muscle_id: str) -> dict[str, object]:
    _muscle_or_404(muscle_id)
    return graph.muscle_record(muscle_id)


@router.get(
    "/muscles/{muscle_id}/connected",
    response=list[ConnectionOut],
    summary="Muscles sharing a bone with this one",
)
def connected(request: HttpRequest, muscle_id: str) -> list[graph.Connection]:
    _muscle_or_404(muscle_id)
    return graph.connected(muscle_id)


@router.get(
    "/muscles/{muscle_id}/compensators",
    response=list[CompensatorOut],
    summary="Synergists that may take over this muscle's work",
)
def compensators(request: HttpRequest, muscle_id: str) -> list[graph.Compensator]:
    _muscle_or_404(muscle_id)
    return graph.compensators(muscle_id)


@router.get("/regions", response=list[RegionOut], summary="The body regions where pain is felt")
def regions(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {"id": r.id, "name": r.name, "placement": r.placement} for r in load().body_regions.values()
    ]


@router.get(
    "/pain",
    response=CandidatesOut,
    summary="Candidate muscles for where it hurts (repeat ?regions= for each region)",
)
def pain(request: HttpRequest, query: Query[PainQuery]) -> dict[str, object]:
    try:
        found = graph.candidates(query.regions)
    except UnknownIdError as exc:
        raise InputError("regions", str(exc)) from None
    except ValueError as exc:
        raise InputError("regions", str(exc)) from None
    return {"regions": query.regions, "candidates": found, "caveat": REFERRAL_CAVEAT}


@router.get("/hub", response=list[HubOut], summary="Skeletal regions ranked as hubs")
def hub(request: HttpRequest) -> list[graph.HubEntry]:
    return graph.hub()


@router.get(
    "/path",
    response=list[PathStepOut],
    summary="Shortest chain of shared bones from one muscle to another",
)
def path(request: HttpRequest, query: Query[PathQuery]) -> list[graph.PathStep]:
    for field, value in (("start", query.start), ("end", query.end)):
        try:
            load().muscle(value)
        except UnknownIdError as exc:
            raise InputError(field, str(exc)) from None
    return graph.path(query.start, query.end)
