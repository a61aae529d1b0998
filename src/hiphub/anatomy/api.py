"""`/api/anatomy/...`: the same graph queries as the pages and the CLI, as JSON."""

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema

from hiphub.anatomy import answers, graph
from hiphub.anatomy.atlas import UnknownIdError, load
from hiphub.api import InputError, NotFoundError
from hiphub.screening.api import TriageOut

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
    leading_cause_of: list[str]
    position_of_ease: str
    ease_joints: dict[str, list[str]]
    ease_summary: str
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
    pattern_size: int
    leading_cause: list[str]
    reason: str


class OtherSourceOut(Schema):
    id: str
    name: str
    regions: list[str]
    text: str
    sources: list[SourceOut]
    safety_check: bool


class AlertOut(Schema):
    region: str
    name: str
    note: str


class PainOut(Schema):
    regions: list[str]
    candidates: list[CandidateOut]
    other_sources: list[OtherSourceOut]
    safety: TriageOut | None
    alerts: list[AlertOut]
    caveat: str


class HubRegionOut(Schema):
    id: str
    name: str
    muscles: int
    muscle_ids: list[str]
    bones: list[str]
    betweenness: float


class HubOut(Schema):
    regions: list[HubRegionOut]


class PathStepOut(Schema):
    kind: str
    id: str
    name: str
    region: str | None


class PathOut(Schema):
    path: list[PathStepOut]


class RegionOut(Schema):
    id: str
    name: str
    placement: str
    red_flag: str | None


class PainQuery(Schema):
    regions: list[str]


class PathQuery(Schema):
    start: str
    end: str


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


@router.get(
    "/regions",
    response=list[RegionOut],
    summary="The places where pain is felt (red_flag marks a warning-sign area)",
)
def regions(request: HttpRequest) -> list[dict[str, object]]:
    return answers.region_rows()


@router.get(
    "/pain",
    response=PainOut,
    summary="Candidate muscles for where it hurts (repeat ?regions= for each region)",
    description=(
        "Muscles whose commonly described referral covers the regions, ranked, and other "
        "possible sources (a joint, a nerve root). Choosing a warning-sign area (`saddle`) "
        "returns no muscles and the safety check's emergency advice in `safety`."
    ),
)
def pain(request: HttpRequest, query: Query[PainQuery]) -> dict[str, object]:
    try:
        return answers.pain_body(query.regions, settings.EMERGENCY_NUMBER)
    except (UnknownIdError, ValueError) as exc:
        raise InputError("regions", str(exc)) from None


@router.get("/hub", response=HubOut, summary="Skeletal regions ranked as hubs")
def hub(request: HttpRequest) -> dict[str, object]:
    return answers.hub_body()


@router.get(
    "/path",
    response=PathOut,
    summary="Shortest chain of shared bones from one muscle to another",
)
def path(request: HttpRequest, query: Query[PathQuery]) -> dict[str, object]:
    for field, value in (("start", query.start), ("end", query.end)):
        try:
            load().muscle(value)
        except UnknownIdError as exc:
            raise InputError(field, str(exc)) from None
    return answers.path_body(query.start, query.end)
