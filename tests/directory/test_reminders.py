"""One reminder for a listing not confirmed for 90 days; one renewal request for an expired
credential (reminders.py, `hiphub manage directory_reminders`)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from hiphub.directory.models import Credential
from tests.directory.conftest import TODAY, make_listing, therapist

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    call_command("directory_reminders", "--base-url", "https://hiphub.example.org/", stdout=out)
    return out.getvalue()


def test_one_reminder_per_stale_listing(frozen, loaded_places, tara) -> None:
    listing = make_listing(tara, today=TODAY - timedelta(days=90))
    make_listing(therapist("uma"), name="Uma")  # confirmed today
    assert run().startswith("0 listing reminder(s)")
    frozen.shift(timedelta(days=1))  # now 91 days
    assert run().startswith("1 listing reminder(s)")
    [sent] = mail.outbox
    assert sent.to == ["tara@example.org"]
    assert "last confirmed on 26 August 2026" in sent.body
    assert "https://hiphub.example.org/therapists/my-listing/" in sent.body
    run()
    run()
    assert len(mail.outbox) == 1  # only one, however often cron runs
    listing.refresh_from_db()
    listing.confirm_accepting(True, TODAY + timedelta(days=1))
    frozen.shift(timedelta(days=91))
    run()
    # A new staleness, a new single reminder (Uma's listing has gone stale by now too).
    assert sorted(m.to[0] for m in mail.outbox[1:]) == ["tara@example.org", "uma@example.org"]


def test_a_closed_account_gets_no_reminder(frozen, loaded_places, tara) -> None:
    make_listing(tara, today=TODAY - timedelta(days=200))
    tara.is_active = False
    tara.save()
    run()
    assert mail.outbox == []


def test_one_renewal_request_per_expired_credential(frozen, loaded_places, tara, mo) -> None:
    credential = Credential.objects.create(
        listing=make_listing(tara), body="CNHC", number="7", jurisdiction="UK",
        expires_on=TODAY + timedelta(days=1),
    )
    credential.verify(mo, "CNHC register", TODAY)
    frozen.shift(timedelta(days=1))
    assert "0 renewal request(s)" in run()
    frozen.shift(timedelta(days=1))
    assert "1 renewal request(s)" in run()
    run()
    [sent] = mail.outbox
    assert "CNHC registration" in sent.subject and "25 November 2026" in sent.body
