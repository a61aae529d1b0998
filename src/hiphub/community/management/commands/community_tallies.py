"""Check the community's running counts against the posts, or rebuild them."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hiphub.community import tallies


class Command(BaseCommand):
    help = (
        "Check the community tallies (posts per thread, reports per rating pair) against the "
        "posts; --rebuild sets them from the posts, e.g. after a bulk import or a restore."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Set every tally from the posts and invalidate every cached thread page.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rebuild"]:
            wrong = tallies.rebuild()
            for line in wrong:
                self.stdout.write(f"fixed: {line}")
            self.stdout.write(f"Tallies rebuilt from the posts ({len(wrong)} were wrong).")
            return
        wrong = tallies.differences()
        if wrong:
            for line in wrong:
                self.stderr.write(line)
            raise CommandError(
                f"{len(wrong)} tallies disagree with the posts; "
                "run `hiphub manage community_tallies --rebuild`."
            )
        self.stdout.write("Every tally agrees with the posts.")
