"""Build hiphub's sdist and wheel, install the wheel into a fresh virtualenv and serve the site
from it: every page of the site map (hiphub/core/sitemap.py) and every static file those
pages use must answer 200. Fails when a template, static file, data file or education page is
missing from the sdist or the wheel.

    python scripts/check_wheel.py [--keep]

The wheel is built from the sdist (python -m build), so the sdist is checked to hold
everything needed to build it. The server runs on a free 127.0.0.1 port with a temporary
HIPHUB_DATA_DIR and is stopped by its process id. --keep leaves the temporary folder.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from serving import served

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "constraints.txt"
PASSWORD = "wheel-check pass phrase 7"  # noqa: S105 (throwaway accounts in a temporary database)
STATIC_REF = re.compile(r'(?:src|href)="(/static/[^"#?]+)')
START_TIMEOUT = 180  # seconds for migrate, reference data, collectstatic and gunicorn


def say(message: str) -> None:
    print(f"[test-wheel] {message}", flush=True)


def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, check=True, text=True, **kwargs)


def project_files() -> list[str] | None:
    """The files a fresh clone would have, plus uncommitted and new (not ignored) ones;
    None outside a git checkout."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    # --cached lists files deleted but not yet committed; they cannot ship.
    return sorted(name for name in out.split("\0") if name and (ROOT / name).is_file())


def clean_copy(files: list[str] | None, work: Path) -> Path:
    """Copy the project's files into a new folder and build from there: build leftovers in the
    working tree (an old src/*.egg-info still lists files that the package-data globs no
    longer match) would otherwise put those files in the sdist and hide the fault."""
    if files is None:
        return ROOT
    tree = work / "tree"
    for name in files:
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tree / name)
    return tree


def shipped_files(files: list[str] | None) -> list[str]:
    """Every file under src/hiphub that belongs in the package, relative to src/."""
    if files is None:  # not a git checkout: take the folder
        files = [
            str(path.relative_to(ROOT))
            for path in (ROOT / "src" / "hiphub").rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
        ]
    return [name.removeprefix("src/") for name in files if name.startswith("src/hiphub/")]


def build(tree: Path, dist: Path) -> tuple[Path, Path]:
    say("building the sdist, then the wheel from the sdist (python -m build)")
    # The isolated build environment takes setuptools at the version pinned in constraints.txt.
    env = {**os.environ, "PIP_CONSTRAINT": str(CONSTRAINTS)}
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(tree)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print(result.stdout, result.stderr, file=sys.stderr)
        raise SystemExit(f"python -m build failed (exit {result.returncode})")
    (sdist,) = dist.glob("hiphub-*.tar.gz")
    (wheel,) = dist.glob("hiphub-*.whl")
    return sdist, wheel


def check_contents(sdist: Path, wheel: Path, expected: list[str]) -> list[str]:
    problems = []
    with tarfile.open(sdist) as archive:
        top = archive.getnames()[0].split("/")[0]
        in_sdist = {name.removeprefix(top + "/") for name in archive.getnames()}
    for name in ["pyproject.toml", "README.md", "LICENSE", *(f"src/{f}" for f in expected)]:
        if name not in in_sdist:
            problems.append(f"missing from the sdist: {name}")
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    for name in expected:
        if name not in in_wheel:
            problems.append(f"missing from the wheel: {name}")
    extra = sorted(
        name
        for name in in_wheel - set(expected)
        if name.startswith("hiphub/") and not name.startswith("hiphub-")
    )
    for name in extra:  # not a failure, but worth a look
        say(f"note: the wheel also holds {name}, which is not a project file")
    say(f"sdist holds {len(in_sdist)} entries, wheel {len(in_wheel)}; {len(expected)} expected")
    return problems


def install(wheel: Path, venv: Path) -> Path:
    say("installing the wheel into a fresh virtualenv (not editable)")
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "-c", str(CONSTRAINTS), str(wheel)]
    result = subprocess.run(pip, capture_output=True, text=True, check=False)
    if result.returncode != 0:  # pip's output only when it failed: it is noisy here
        print(result.stdout, result.stderr, file=sys.stderr)
        raise SystemExit(f"pip could not install the wheel (exit {result.returncode})")
    where = run(
        [str(python), "-c", "import hiphub; print(hiphub.__file__)"],
        capture_output=True,
        cwd=venv,
    ).stdout.strip()
    if not where.startswith(str(venv)):
        raise SystemExit(f"hiphub was imported from {where}, not from the new virtualenv")
    return venv / "bin"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            NoRedirect, urllib.request.HTTPCookieProcessor(CookieJar())
        )

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(self.base + path, data=data, timeout=60) as response:
                return response.status, response.read().decode(errors="replace"), ""
        except urllib.error.HTTPError as error:
            location = error.headers["Location"] or ""
            return error.code, error.read().decode(errors="replace"), location

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        status, html, _ = self.request(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if status != 200 or token is None:
            raise SystemExit(f"{path}: no form to fill (HTTP {status})")
        status, _, location = self.request(path, {"csrfmiddlewaretoken": token.group(1), **fields})
        return status, location


def make_people(bin_dir: Path, env: dict[str, str], cwd: Path) -> int:
    """A member, a moderator and a therapist with a listing; returns the listing's id."""
    code = (
        "from datetime import date\n"
        "from hiphub.accounts.models import Role, User\n"
        "from hiphub.core import sitemap\n"
        "from hiphub.directory import editing\n"
        "from hiphub.directory.schemas import ListingIn\n"
        "people = (('member', Role.MEMBER), ('moderator', Role.MODERATOR),"
        " ('therapist', Role.THERAPIST))\n"
        "made = {}\n"
        "for name, role in people:\n"
        "    made[name] = User.objects.create_user(email=name + '@example.org',"
        f" password={PASSWORD!r}, display_name=name.title(), role=role, email_verified=True)\n"
        "listing, _ = editing.save_for(made['therapist'],"
        " ListingIn.model_validate(sitemap.SAMPLE_LISTING), date.today())\n"
        "print('listing', listing.pk)\n"
    )
    out = run(
        [str(bin_dir / "hiphub"), "manage", "shell", "-c", code],
        env=env,
        cwd=cwd,
        capture_output=True,
    ).stdout
    found = re.search(r"^listing (\d+)$", out, re.MULTILINE)
    if not found:
        raise SystemExit(f"making the sample listing printed no id:\n{out}")
    return int(found.group(1))


def sign_in(browser: Browser, email: str) -> None:
    status, location = browser.post_form(
        "/accounts/sign-in/", {"username": email, "password": PASSWORD}
    )
    if status != 302 or "sign-in" in location:
        raise SystemExit(f"signing in as {email} failed (HTTP {status}, to {location!r})")


def answer_safety_check_no(browser: Browser) -> None:
    """Do the safety check as a member would, answering no to every question."""
    _, html, _ = browser.request("/check/safety/")
    flags = sorted(set(re.findall(r'type="radio" name="([^"]+)" value="no"', html)))
    if not flags:
        raise SystemExit("/check/safety/: no questions found")
    status, location = browser.post_form("/check/safety/", dict.fromkeys(flags, "no"))
    if status != 302:
        raise SystemExit(f"/check/safety/: answering gave HTTP {status}")
    if browser.request(location)[0] != 200:
        raise SystemExit(f"{location}: the safety-check result did not answer 200")


def check_pages(browser: Browser, paths: list[str], who: str, seen_static: set[str]) -> list[str]:
    problems = []
    for path in paths:
        status, body, location = browser.request(path)
        if status != 200:
            problems.append(f"{path} ({who}): HTTP {status} {location}".rstrip())
            continue
        for asset in STATIC_REF.findall(body):
            if asset in seen_static:
                continue
            seen_static.add(asset)
            asset_status = browser.request(asset)[0]
            if asset_status != 200:
                problems.append(f"{asset} (used by {path}): HTTP {asset_status}")
    return problems


def serve_and_check(bin_dir: Path, work: Path) -> list[str]:
    data = work / "data"
    # Run from an empty folder, so nothing but the installed wheel can be imported.
    scratch = work / "scratch"
    scratch.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "DATABASE_URL", "VIRTUAL_ENV"}
        and not key.startswith("HIPHUB_")
    }
    env["HIPHUB_DATA_DIR"] = str(data)
    # gunicorn's default 30 s worker timeout can kill the first request on a busy machine
    # (it imports every app); the check is about files, not speed.
    env["GUNICORN_CMD_ARGS"] = "--timeout 300"
    sitemap = json.loads(
        run(
            [
                str(bin_dir / "python"),
                "-c",
                "import json; from hiphub.core import sitemap as s; print(json.dumps({k:"
                " getattr(s, k) for k in ('PUBLIC', 'ENDPOINTS', 'MEMBER', 'MODERATOR', 'LISTING',"
                " 'THERAPIST')}))",
            ],
            capture_output=True,
            env=env,
            cwd=scratch,
        ).stdout
    )
    log = work / "serve.log"
    say(f"starting hiphub serve from the wheel (data in {data})")
    with served(bin_dir / "hiphub", env, log, workers=1, cwd=scratch,
                start_timeout=START_TIMEOUT) as base:
        say(f"server up at {base}; checking the site map")
        listing = make_people(bin_dir, env, scratch)
        seen_static: set[str] = set()
        visitor = Browser(base)
        problems = check_pages(visitor, sitemap["PUBLIC"], "visitor", seen_static)
        problems += check_pages(visitor, sitemap["ENDPOINTS"], "visitor", seen_static)
        listing_pages = [path.format(listing=listing) for path in sitemap["LISTING"]]
        problems += check_pages(visitor, listing_pages, "visitor", seen_static)
        member = Browser(base)
        sign_in(member, "member@example.org")
        answer_safety_check_no(member)
        problems += check_pages(member, sitemap["MEMBER"], "member", seen_static)
        moderator = Browser(base)
        sign_in(moderator, "moderator@example.org")
        problems += check_pages(moderator, sitemap["MODERATOR"], "moderator", seen_static)
        therapist = Browser(base)
        sign_in(therapist, "therapist@example.org")
        problems += check_pages(therapist, sitemap["THERAPIST"], "therapist", seen_static)
        count = sum(len(sitemap[key]) for key in sitemap)
        say(f"{count} addresses and {len(seen_static)} static files requested")
        if not seen_static:
            problems.append("no page referred to a /static/ file: the check found nothing")
    say("server stopped")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hiphub-wheel."))
    started = time.monotonic()
    try:
        files = project_files()
        sdist, wheel = build(clean_copy(files, work), work / "dist")
        problems = check_contents(sdist, wheel, shipped_files(files))
        bin_dir = install(wheel, work / "venv")
        try:
            problems += serve_and_check(bin_dir, work)
        except SystemExit as stop:  # the server did not start or a step failed
            problems.append(str(stop.code))
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - started
    if problems:
        print("\n".join(["", "The installed wheel is incomplete:", *problems]), file=sys.stderr)
        say(f"FAILED after {elapsed:.0f} s")
        return 1
    say(f"passed: the wheel installs whole and every page answers 200 ({elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
