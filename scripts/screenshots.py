"""Regenerate the README's screenshots: the home, muscle, body-map, player, journal,
community and report pages at 360 px (a phone) and 1280 px (a laptop), first screen only.

Starts `hiphub serve` on a free 127.0.0.1 port with a throwaway SQLite data folder, adds a
member with a few weeks of sessions and some published readers' reports, and photographs the
pages in Debian's Chromium through Playwright. Writes docs/screenshots/<page>-<width>.png.

    .venv/bin/python scripts/screenshots.py
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from serving import served

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("HIPHUB_CHROMIUM", "/usr/bin/chromium")
EMAIL, PASSWORD = "sam@example.org", "a long example password for screenshots"
WIDTHS = (360, 1280)
PAGES = {
    "home": "/",
    "muscle": "/anatomy/muscles/psoas_major/",
    "body-map": "/anatomy/where-does-it-hurt/",
    "player": "/self-care/positional_release/",
    "journal": "/journal/",
    "community": "/community/protocols/positional_release/",
    "reports": "/reports/",
}

# A member with six weeks of sessions (pain easing a little, as it might) and a clean safety
# check, and twelve published reports on the routine. Invented numbers, for the pictures only.
SEED = f"""
from datetime import timedelta
from django.utils import timezone
from hiphub.accounts.models import User
from hiphub.community.models import Post, Status
from hiphub.journal.models import JournalSession
from hiphub.screening.models import SafetyCheck
user = User.objects.create_user(email="{EMAIL}", password="{PASSWORD}", display_name="Sam",
                                email_verified=True)
SafetyCheck.record(user, [])
start = timezone.now() - timedelta(days=42)
for day in range(0, 42, 2):
    before = 7 - day // 14 - (day % 3 == 0)
    JournalSession.objects.create(user=user, started_at=start + timedelta(days=day), minutes=20,
        pain_before=before, pain_after=max(before - 2, 0), tension_before=6, tension_after=4)
for n, (before, after) in enumerate([(7, 4), (6, 5), (5, 3), (8, 6), (6, 6), (4, 2),
                                     (7, 5), (5, 4), (6, 3), (3, 3), (7, 6), (5, 2)]):
    Post.objects.create(thread="protocol:positional_release", protocol="positional_release",
        display_name=f"Reader {{n + 1}}", email=f"reader{{n}}@example.net", email_hash=f"r{{n}}",
        ip_hash="ip", text="Knees on pillows helped me let go after a long day at the desk.",
        pain_before=before, pain_after=after, status=Status.PUBLISHED)
"""


def shoot(base: str) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 740})
            page = context.new_page()
            page.goto(f"{base}/accounts/sign-in/")
            page.locator("#id_username").fill(EMAIL)
            page.locator("#id_password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{base}/**")
            for name, path in PAGES.items():
                page.goto(base + path, wait_until="networkidle")
                page.screenshot(path=OUT / f"{name}-{width}.png")
                print(f"docs/screenshots/{name}-{width}.png  {path}")
            context.close()
        browser.close()


def main() -> int:
    data = Path(tempfile.mkdtemp(prefix="hiphub-shots-"))
    env = {**os.environ, "HIPHUB_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    try:
        subprocess.run([str(BIN / "hiphub"), "manage", "migrate", "-v", "0"], env=env, check=True)
        subprocess.run([str(BIN / "hiphub"), "manage", "shell", "-c", SEED], env=env, check=True)
        with served(BIN / "hiphub", env, data / "server.log") as base:
            shoot(base)
        return 0
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
