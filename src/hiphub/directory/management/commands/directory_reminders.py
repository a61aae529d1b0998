"""Email therapists whose listing has not been confirmed for 90 days, and those whose
verified credential has expired: one email each (for cron, daily)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from hiphub.directory import reminders


class Command(BaseCommand):
    help = (
        "Send each therapist one reminder when their listing has not been confirmed for 90 "
        "days, and one renewal request when a verified credential expires (run daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Site address used in the links in the emails.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders.send_due(timezone.localdate(), options["base_url"])
        self.stdout.write(
            f"{sent.stale_reminders} listing reminder(s) and {sent.renewal_requests} renewal "
            "request(s) sent."
        )
