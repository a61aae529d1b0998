"""The FHIR R4 and long-CSV exports (issue 14 items 2 and 3), through the command line."""

import csv
import io
import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhirclient.models.bundle import Bundle as ClientBundle
from typer.testing import CliRunner

from hiphub.journal.models import JournalSession
from hiphub.reports import codes, data, fhir, longcsv
from hiphub.screening.models import QuestionnaireResult

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def loinc(resource: dict) -> set[str]:
    return {c["code"] for c in resource["code"]["coding"] if c["system"] == codes.LOINC}


def test_fhir_from_the_command_line_parses_twice_and_holds_every_rating(
    cli_app, filled, tmp_path
) -> None:
    target = tmp_path / "alice.json"
    result = runner.invoke(cli_app, ["report", "fhir", "--user", filled.email, "-o", str(target)])
    assert result.exit_code == 0, result.output
    body = json.loads(target.read_text())
    Bundle.model_validate(body)
    ClientBundle(body, strict=True)  # fhirclient's R4 models, independently
    assert body["type"] == "collection"

    observations = resources(body, "Observation")
    pain = [o for o in observations if "72514-3" in loinc(o) and "derivedFrom" not in o]
    rated = JournalSession.objects.filter(user=filled)
    expected = sum((s.pain_before is not None) + (s.pain_after is not None) for s in rated)
    assert len(pain) == expected == 40
    first = rated.order_by("started_at").first()
    assert any(o["effectiveDateTime"] == first.started_at.isoformat(timespec="seconds")
               and o["valueInteger"] == first.pain_before for o in pain)

    responses = resources(body, "QuestionnaireResponse")
    assert len(responses) == QuestionnaireResult.objects.filter(user=filled).count() == 8
    odi = next(r for r in responses if r["questionnaire"].endswith("/odi/"))
    assert [i["answer"][0]["valueInteger"] for i in odi["item"]] in ([3] * 10, [1] * 10)

    scores = [o for o in observations if "derivedFrom" in o]
    assert len(scores) == 8
    urls = {e["fullUrl"]: e["resource"]["resourceType"] for e in body["entry"]}
    assert all(urls[o["derivedFrom"][0]["reference"]] == "QuestionnaireResponse" for o in scores)
    assert all(o["category"][0]["coding"][0]["code"] == "survey" for o in scores)
    assert sum("97908-8" in loinc(o) for o in scores) == 2
    rmdq = [o for o in scores if o["code"]["coding"][0]["code"] == "rmdq"]
    assert rmdq and rmdq[0]["code"]["coding"][0]["system"] == codes.site_system()

    [patient] = resources(body, "Patient")
    assert "name" not in patient and filled.email not in target.read_text()
    assert "Alice" not in target.read_text()
    assert not resources(body, "Condition")


def test_the_name_and_the_condition_only_when_the_person_asks(filled) -> None:
    body = fhir.bundle(data.for_member(filled), with_name=True, condition=True)
    [patient] = resources(body, "Patient")
    assert patient["name"] == [{"text": "Alice"}]
    [condition] = resources(body, "Condition")
    assert condition["code"]["coding"][0] == {
        "system": "http://snomed.info/sct", "code": "279039007", "display": "Low back pain"}
    ClientBundle(body, strict=True)


def test_a_therapist_export_has_scores_but_no_item_answers(shared, tara) -> None:
    from hiphub.practice.models import Channel

    body = fhir.bundle(data.for_therapist(tara, shared, Channel.API, "fhir"), with_name=True,
                       condition=True)
    assert not resources(body, "QuestionnaireResponse")
    assert not resources(body, "Condition")
    assert "name" not in resources(body, "Patient")[0]
    scores = [o for o in resources(body, "Observation") if "interpretation" in o]
    assert scores and not any("derivedFrom" in o for o in scores)


def test_the_site_publishes_its_code_system(visitor, settings) -> None:
    response = visitor.get(codes.CODES_PATH)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    body = response.json()
    assert body["url"] == codes.site_system()
    from fhirclient.models.codesystem import CodeSystem

    CodeSystem(body, strict=True)
    assert {"rmdq", "start-back", "start-back-risk", "pgic"} <= {c["code"] for c in body["concept"]}


def test_long_csv_has_one_row_per_measurement(cli_app, filled, tmp_path) -> None:
    target = tmp_path / "alice.csv"
    result = runner.invoke(cli_app, ["report", "csv", "--user", filled.email, "-o", str(target)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert tuple(rows[0]) == longcsv.HEADER
    # 20 sessions x 4 ratings, 8 questionnaire scores and STarT Back's risk group.
    assert len(rows) == 80 + 8 + 1
    assert [r["time"] for r in rows] == sorted(r["time"] for r in rows)
    assert all(r["time"].endswith("+00:00") for r in rows)
    odi = [r for r in rows if r["code"] == "97908-8"]
    assert [(r["value"], r["unit"]) for r in odi] == [("60", "%"), ("20", "%")]
    risk = next(r for r in rows if r["code"] == "start-back-risk")
    assert risk["value"] == "medium risk" and risk["code_system"] == codes.site_system()


@pytest.mark.parametrize("command", ["pdf", "fhir", "csv"])
def test_an_unknown_member_or_an_unwritable_path_exits_2(cli_app, filled, tmp_path,
                                                         command) -> None:
    result = runner.invoke(cli_app, ["report", command, "--user", "nobody@example.org",
                                     "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "--user" in result.output
    where = tmp_path / "missing" / "out"
    result = runner.invoke(cli_app, ["report", command, "--user", filled.email, "-o", str(where)])
    assert result.exit_code == 2 and "-o" in result.output
    assert not list(tmp_path.rglob("*.part"))
