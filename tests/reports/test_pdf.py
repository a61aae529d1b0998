"""The one-page PDF (issue 14 item 1): one page at A4 and at US Letter, with the safety level,
every latest score and the footer in its text; a therapist sees only what is shared."""

import io
from datetime import date

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from hiphub.practice.models import Channel, Scope
from hiphub.reports import data, pdf
from hiphub.screening.models import ClinicianClearance

runner = CliRunner()
LATEST = ("4 / 10", "20 %", "10 / 24", "4 / 9", "2 / 7")  # fill()'s latest scores
FOOTER = "Patient-reported data, not a diagnosis."


def pages(content: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_command_writes_one_page_with_safety_scores_and_footer(
    cli_app, filled, tmp_path, paper
) -> None:
    target = tmp_path / "report.pdf"
    result = runner.invoke(cli_app, ["report", "pdf", "--user", filled.email, "-o", str(target),
                                     "--paper", paper, "--questions", "Is daily too often?"])
    assert result.exit_code == 0, result.output
    [text] = pages(target.read_bytes())
    assert "Urgent: be seen today" in text
    for score in LATEST:
        assert score in text
    assert "40 percentage points better: meaningful" in text  # Oswestry 60 % -> 20 %
    assert "not meaningful" in text  # Roland-Morris 12 -> 10
    assert FOOTER in text and "hiphub" in text
    assert "Is daily too often?" in text
    box = PdfReader(target).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (
        (595, 842) if paper == "a4" else (612, 792))


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_fullest_report_still_fits_one_page(filled, tara, paper) -> None:
    """A plan, a clearance, the fair-test block and the longest questions allowed."""
    from tests.practice.conftest import link, three_a_week

    three_a_week(link(tara, filled))
    ClinicianClearance.record(filled, ["history_of_cancer"], date.today())
    fair = pdf.FairTest("The routine did better by about 1.5 points than a plain rest.",
                        ["24 sessions, 12 of each.", "Randomisation test: p = 0.03."])
    content = pdf.render(data.for_member(filled), paper=paper, fair_test=fair,
                         questions="Why does it hurt more in the morning? " * 13)
    [text] = pages(content)
    assert "The routine did better by about 1.5 points" in text
    assert "said self-care is fine" in text and "3 times a week" in text
    assert FOOTER in text


def test_questions_over_the_limit_are_refused_with_the_reason() -> None:
    with pytest.raises(pdf.QuestionsTooLong, match="room for 500"):
        pdf.check_questions("x" * 501)


def test_a_therapist_without_the_questionnaires_scope_gets_no_scores(shared, tara) -> None:
    shared.set_scopes([Scope.SESSIONS, Scope.SAFETY])
    [text] = pages(pdf.render(data.for_therapist(tara, shared, Channel.API, "report")))
    assert "Questionnaire scores are not shared." in text
    for score in ("20 %", "10 / 24", "4 / 9", "Oswestry", "Roland-Morris", "STarT Back"):
        assert score not in text
    assert "Urgent: be seen today" in text and "Pain before sessions" in text
    assert "My questions" not in text and FOOTER in text


def test_a_therapist_with_every_scope_sees_scores_but_not_notes_or_answers(shared, tara) -> None:
    [text] = pages(pdf.render(data.for_therapist(tara, shared, Channel.API, "report")))
    for score in LATEST:
        assert score in text
    assert "history_of_cancer" not in text and "cancer" not in text


def test_the_sites_charts_stay_plain_svg_after_a_pdf_is_made(filled) -> None:
    """WeasyPrint remaps ElementTree's empty prefix when it loads; the journal's chart must
    still come out as <svg>, not <ns0:svg>, in the same process."""
    from tests.conftest import client_for

    pdf.render(data.for_member(filled))
    chart = client_for(filled).get("/journal/chart/pain.svg").content
    assert b"<svg" in chart and b"ns0:" not in chart


@pytest.mark.django_db
def test_a_finished_fair_test_is_in_the_members_report_and_never_the_therapists(
    alice, tara
) -> None:
    import time_machine

    from hiphub.reports import experiments
    from tests.practice.conftest import link
    from tests.reports.test_experiment_api import _rate_every_slot

    with time_machine.travel("2026-11-24 08:00 +0000", tick=False):
        test = experiments.start(alice, routine_a="positional_release", routine_b="rest",
                                 weeks=4, weekdays=[1, 3, 5])
    _rate_every_slot(test, routine_helps=True)
    shared = link(tara, alice)
    with time_machine.travel("2026-12-25 08:00 +0000", tick=False):
        [own] = pages(pdf.render(data.for_member(alice)))
        assert "Does it help? A fair test" in own
        assert "did better by about 3 points" in own and FOOTER in own
        [theirs] = pages(pdf.render(data.for_therapist(tara, shared, Channel.API, "report")))
        assert "fair test" not in theirs.lower()
