"""Email every moderator a digest of community posts waiting for a decision (for cron)."""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.template.loader import render_to_string
from django.urls import reverse

from hiphub.accounts.models import Role, User
from hiphub.community.models import Post, UsedChallenge

SHOWN = 50


class Command(BaseCommand):
    help = "Email moderators a digest of pending community posts (nothing is sent if none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Site address used in the link to the moderation queue.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        UsedChallenge.prune()
        pending = Post.objects.pending().order_by("created_at")
        count = pending.count()
        if not count:
            self.stdout.write("No pending posts; no digest sent.")
            return
        moderators = list(
            User.objects.filter(role=Role.MODERATOR, is_active=True).values_list(
                "email", flat=True
            )
        )
        if not moderators:
            self.stderr.write(f"{count} pending posts, but there is no moderator to email.")
            return
        body = render_to_string(
            "community/digest_email.txt",
            {
                "count": count,
                "posts": pending[:SHOWN],
                "more": max(0, count - SHOWN),
                "site_name": settings.SITE_NAME,
                "queue_url": options["base_url"].rstrip("/") + reverse("community:queue"),
            },
        )
        subject = f"{count} community post{'s' if count != 1 else ''} to moderate"
        for address in moderators:
            send_mail(subject, body, None, [address])
        self.stdout.write(f"Digest of {count} pending posts sent to {len(moderators)} moderators.")
