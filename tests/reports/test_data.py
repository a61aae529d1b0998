"""One report's data: a member sees everything of their own; a therapist only what the link
shares, read through the one door (and logged)."""

from hiphub.practice.models import AccessLog, Channel, Scope
from hiphub.reports import data


def test_the_member_report_holds_everything_with_changes_by_issue_7s_rule(filled) -> None:
    report = data.for_member(filled)
    assert len(report.sessions) == 20
    latest = {s.latest.instrument: s for s in report.latest_scores()}
    assert list(latest) == ["nrs", "odi", "rmdq", "start_back", "pgic"]
    # Oswestry 60 % -> 20 %: 40 percentage points better, meaningful (10 or more).
    assert latest["odi"].change.meaningful and latest["odi"].change.improvement_points == 40
    # Roland-Morris 12 -> 10: 2 points, within the range scores move by chance (5 needed).
    assert not latest["rmdq"].change.meaningful
    assert latest["start_back"].change is None and latest["start_back"].count == 1
    assert report.safety.label == "Urgent: be seen today"
    assert report.regions == ["lumbar_paraspinal", "sacroiliac_joint"]
    [routine] = report.routines()
    assert routine.sessions == 20 and routine.median_change == 2 and routine.share_fell_2 == 1


def test_a_therapist_reads_only_the_shared_scopes_and_is_logged(shared, tara) -> None:
    shared.set_scopes([Scope.SESSIONS])
    report = data.for_therapist(tara, shared, Channel.API, "report pdf")
    assert report.sessions is not None and report.adherence is not None
    assert report.results is None and report.safety is None
    assert report.shared == (Scope.SESSIONS,)
    [entry] = AccessLog.objects.filter(link=shared)
    assert entry.scopes == [Scope.SESSIONS] and entry.what == "report pdf"


def test_a_therapist_never_gets_item_answers(shared, tara) -> None:
    report = data.for_therapist(tara, shared, Channel.API, "report")
    assert report.results and all(r.answers is None for r in report.results)
    # The change still follows the rule, from the stored scores alone.
    odi = next(s for s in report.latest_scores() if s.latest.instrument == "odi")
    assert odi.change.meaningful
