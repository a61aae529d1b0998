"""Background work: the daily digest of alerts, email reminders (at most one a day, paused
after two went unanswered, none after a blocking safety check), queued once per slot however
many workers ask, and run by `hiphub worker` from the database queue."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from typer.testing import CliRunner

from hiphub.accounts.models import User
from hiphub.practice import tasks
from hiphub.practice.models import AccessLog, Reminders, ReminderWindow
from hiphub.screening.models import SafetyCheck
from tests.conftest import client_for
from tests.practice.conftest import link, session, three_a_week

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MONDAY_6PM = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)  # a planned day (Mon, Wed, Sat)


@pytest.fixture
def immediate(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = IMMEDIATE


def rising_pain(member: User) -> None:
    for days in (2, 6, 10):
        session(member, days_ago=days, pain_before=7)
    for days in (16, 20, 24):
        session(member, days_ago=days, pain_before=4)


def test_the_digest_mails_alerts_within_scope_and_logs_the_reads(
    alice: User, bob: User, tara: User, frozen, immediate
) -> None:
    rising_pain(alice)
    rising_pain(bob)
    link(tara, alice, ["sessions"])
    link(tara, bob, ["questionnaires"])  # bob's sessions are not shared: no alert, no read
    assert tasks.send_digest.call(tara.pk) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [tara.email]
    assert "Alice: Pain before sessions is rising" in mail.outbox[0].body
    assert "Bob" not in mail.outbox[0].body
    assert [(e.link.client.email, e.channel) for e in AccessLog.objects.all()] == [
        (alice.email, "digest")
    ]


def test_no_alert_no_digest(alice: User, tara: User, frozen, immediate) -> None:
    link(tara, alice, ["sessions"])
    session(alice, pain_before=2)
    assert tasks.send_digest.call(tara.pk) == 0 and mail.outbox == []


def remind(member: User) -> Reminders:
    choice = Reminders.of(member)
    choice.choose(email=True, window=ReminderWindow.EVENING)
    return choice


def test_reminders_once_a_day_then_paused_after_two_unanswered(
    alice: User, tara: User, immediate
) -> None:
    with time_machine.travel(MONDAY_6PM - timedelta(days=30), tick=False):
        three_a_week(link(tara, alice))
    remind(alice)
    with time_machine.travel(MONDAY_6PM, tick=False):
        assert tasks.send_reminder.call(alice.pk) == "send"
        assert tasks.send_reminder.call(alice.pk) == "wait"  # once a day
    assert "Today your home plan suggests" in mail.outbox[0].body
    with time_machine.travel(MONDAY_6PM + timedelta(days=1), tick=False):
        assert tasks.send_reminder.call(alice.pk) == "wait"  # Tuesday is a rest day
    with time_machine.travel(MONDAY_6PM + timedelta(days=2), tick=False):
        assert tasks.send_reminder.call(alice.pk) == "send"  # Wednesday; Monday's went unanswered
    with time_machine.travel(MONDAY_6PM + timedelta(days=5), tick=False):
        assert tasks.send_reminder.call(alice.pk) == "pause"  # Saturday: two unanswered
    assert len(mail.outbox) == 2
    assert Reminders.of(alice).paused_at is not None
    assert "Reminders are paused" in client_for(alice).get("/practice/").content.decode()


def test_a_session_after_a_reminder_keeps_them_going(alice: User, tara: User, immediate) -> None:
    with time_machine.travel(MONDAY_6PM - timedelta(days=30), tick=False):
        three_a_week(link(tara, alice))
    remind(alice)
    for days in (0, 2, 5):
        with time_machine.travel(MONDAY_6PM + timedelta(days=days), tick=False):
            assert tasks.send_reminder.call(alice.pk) == "send"
            session(alice)
    assert len(mail.outbox) == 3


def test_a_blocking_safety_check_suppresses_reminders(
    alice: User, tara: User, immediate
) -> None:
    with time_machine.travel(MONDAY_6PM - timedelta(days=30), tick=False):
        three_a_week(link(tara, alice))
    remind(alice)
    SafetyCheck.record(alice, ["history_of_cancer"])
    with time_machine.travel(MONDAY_6PM, tick=False):
        assert tasks.send_reminder.call(alice.pk) == "wait"
    assert mail.outbox == []


def test_each_slot_is_queued_once_however_many_workers_ask(
    alice: User, tara: User, immediate
) -> None:
    with time_machine.travel(MONDAY_6PM - timedelta(days=30), tick=False):
        three_a_week(link(tara, alice))
    remind(alice)
    with time_machine.travel(MONDAY_6PM, tick=False):
        assert tasks.queue_due() == 1
        assert tasks.queue_due() == 0  # a second worker in the same hour
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_hiphub_worker_once_runs_the_queue_from_the_database(cli_app, alice, tara) -> None:
    three_a_week(link(tara, alice, ["sessions"]))
    seven_am = datetime(2026, 11, 24, 7, 5, tzinfo=UTC)
    with time_machine.travel(seven_am, tick=True):
        rising_pain(alice)
        result = CliRunner().invoke(cli_app, ["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert [m.to for m in mail.outbox] == [[tara.email]]
