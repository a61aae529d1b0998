from typing import Any

from django.core.management.base import BaseCommand

from hiphub.core import refdata


class Command(BaseCommand):
    help = "Read and validate every reference data file (anatomy, questionnaires, protocols)."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in refdata.refresh():
            if options["verbosity"] >= 1:
                self.stdout.write(line)
