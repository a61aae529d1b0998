"""The practice app's slow work, run by `hiphub worker` through Django's task framework
(django-tasks, queued in the database by django-tasks-db): the therapist's daily digest of
alerts and members' email reminders.

`queue_due` is what a worker calls every minute. Each job claims its time slot in JobRun
first, so with several workers on several machines each digest and reminder is queued once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from hiphub.accounts.models import Role, User
from hiphub.journal.models import JournalSession
from hiphub.practice import plan, reminders, service
from hiphub.practice.models import Channel, JobRun, Link, LinkStatus, Reminders, ReminderWindow
from hiphub.screening.models import SafetyCheck

DIGEST_HOUR = 7  # local time: the therapist's digest arrives before the working day
ALERT_SCOPES = ("sessions", "safety")


def _site_url(path: str) -> str:
    return str(settings.SITE_URL).rstrip("/") + path


@task()
def send_digest(therapist_id: int) -> int:
    """Email a therapist the alerts of the clients who share sessions or safety; the number
    of alerts sent (0: no email). Each client read is in that client's access log."""
    therapist = User.objects.filter(pk=therapist_id, role=Role.THERAPIST, is_active=True).first()
    if therapist is None:
        return 0
    lines = []
    for link in Link.active_for_therapist(therapist):
        if not any(link.allows(s) for s in ALERT_SCOPES):
            continue
        summary = service.client_summary(
            therapist, link, Channel.DIGEST, "daily email", scopes=ALERT_SCOPES
        )
        lines += [f"- {summary.data.client_name}: {a.headline}. {a.detail}" for a in summary.alerts]
    if not lines:
        return 0
    body = (
        "Good morning. These clients have an alert today, from what they share with you:\n\n"
        + "\n".join(lines)
        + f"\n\nYour clients: {_site_url(reverse('practice:clients'))}\n"
    )
    send_mail(f"{settings.SITE_NAME}: {len(lines)} alert(s) for your clients", body, None,
              [therapist.email])
    return len(lines)


def _situation(choice: Reminders, now: datetime) -> reminders.Situation:
    member = choice.user
    local = timezone.localtime(now)
    plans = service.plans_for_member(member)
    days = {d for p in plans for d in plan.plan_days(p.items)}
    latest = SafetyCheck.latest_for(member)
    since = choice.last_sent_at
    answered = since is not None and JournalSession.objects.filter(
        user=member, started_at__gte=since
    ).exists()
    return reminders.Situation(
        enabled=choice.email,
        paused=choice.paused_at is not None,
        blocked=latest is not None and latest.blocks_self_care,
        hour=local.hour,
        window=ReminderWindow.hours(choice.window),
        planned_today=local.weekday() in days,
        sent_on=timezone.localtime(since).date() if since else None,
        today=local.date(),
        unanswered=choice.unanswered,
        answered_since_last=answered,
    )


@task()
def send_reminder(user_id: int) -> str:
    """Send one member's reminder if it is due now ('send'), pause them after two went
    unanswered ('pause'), or do nothing ('wait')."""
    choice = Reminders.objects.select_related("user").filter(user_id=user_id).first()
    if choice is None or not choice.user.is_active:
        return reminders.Decision.WAIT
    now = timezone.now()
    situation = _situation(choice, now)
    decision = reminders.decide(situation)
    if decision == reminders.Decision.PAUSE:
        choice.pause(now, situation.answered_since_last)
    elif decision == reminders.Decision.SEND:
        plans = service.plans_for_member(choice.user)
        today = timezone.localtime(now).weekday()
        wanted = [
            line for p in plans for item, line in p.items_with_lines
            if today in plan.planned_weekdays(item.times_per_week)
        ]
        body = (
            "Today your home plan suggests:\n\n" + "\n".join(f"- {w}" for w in wanted)
            + "\n\nOnly if it suits you today; rest days are part of the plan too.\n"
            + f"Your plan: {_site_url(reverse('practice:index'))}\n"
            + f"Stop these emails: {_site_url(reverse('practice:reminders'))}\n"
        )
        send_mail(f"{settings.SITE_NAME}: your plan for today", body, None, [choice.user.email])
        choice.note_sent(now, situation.answered_since_last)
    return decision


def queue_due(now: datetime | None = None) -> int:
    """Queue the reminders of this hour and (at DIGEST_HOUR) the digests, once per slot
    however many workers call it; the number of tasks queued."""
    now = now or timezone.now()
    slot = now.replace(minute=0, second=0, microsecond=0)
    queued = 0
    if JobRun.claim("reminders", slot):
        for user_id in Reminders.objects.filter(email=True, paused_at__isnull=True).values_list(
            "user_id", flat=True
        ):
            send_reminder.enqueue(user_id)
            queued += 1
    if timezone.localtime(now).hour == DIGEST_HOUR and JobRun.claim("digest", slot):
        therapists = (
            Link.objects.filter(status=LinkStatus.ACTIVE, expires_at__gt=now)
            .values_list("therapist_id", flat=True).distinct()
        )
        for therapist_id in therapists:
            send_digest.enqueue(therapist_id)
            queued += 1
    JobRun.forget_before(now - timedelta(days=7))
    return queued
