"""Check the API against its own OpenAPI schema with Schemathesis (`make test-api`).

Starts a real `hiphub serve` on 127.0.0.1 with a fresh SQLite data folder, creates a member
for the run, then runs Schemathesis over every operation of the live schema twice: as a
visitor, and as that member (a session cookie, plus the CSRF cookie and header that the
cookie-authenticated POST /api/sessions needs). Fails on any 5xx, any answer that breaks the
schema, an undocumented status code or content type, or a schema-violating request that is
accepted. It does not ask that every schema-valid request be accepted (Schemathesis's
positive_data_acceptance): an id that does not exist is a valid string, and rightly a 422.

The member's cookie is sent as a fixed header, so Schemathesis is told not to generate the
session cookie itself (it would otherwise send requests "without" it that still carry it).

Environment: HIPHUB_API_EXAMPLES (examples per operation, default 10) and HIPHUB_API_SEED
(default 20261124, so a failure can be replayed; set another to explore).
"""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serving import served

BIN = Path(sys.executable).parent
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "missing_required_header",
        "unsupported_method",
        "ignored_auth",
    ]
)
MEMBER_EMAIL = "api-contract@example.org"
EXAMPLES = os.environ.get("HIPHUB_API_EXAMPLES", "10")
SEED = os.environ.get("HIPHUB_API_SEED", "20261124")

# Run inside the data folder's Django: migrate, add the member with a clean safety check (so
# POST /api/sessions can succeed), and print a session cookie made the way
# django.test.Client.force_login makes one (works with any session engine).
MEMBER = f"""
import django, secrets
django.setup()
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
from hiphub.accounts.models import User
call_command("migrate", interactive=False, verbosity=0)
user = User.objects.create_user(
    email="{MEMBER_EMAIL}", password=secrets.token_urlsafe(24), display_name="API check",
    email_verified=True,
)
from hiphub.screening.models import SafetyCheck
SafetyCheck.record(user, [])  # a clean safety check, so the journal accepts sessions
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.save()
print(settings.SESSION_COOKIE_NAME, session.session_key, settings.CSRF_COOKIE_NAME)
"""


def schemathesis(base: str, headers: list[str], log: Path) -> subprocess.Popen[bytes]:
    """Start one Schemathesis run, writing its report to `log`."""
    command = [
        str(BIN / "st"), "run", f"{base}/api/openapi.json", "--url", base,
        "--checks", CHECKS, "--max-examples", EXAMPLES, "--seed", SEED,
        "--generation-database", "none", "--request-timeout", "30", "--no-color",
        # One worker: Hypothesis's lambda descriptions are not thread-safe on Python 3.11
        # (an "AST constructor recursion depth mismatch" error with two).
        "--workers", "1",
    ]
    for header in headers:
        command += ["--header", header]
    if headers:
        command += ["--generation-with-security-parameters", "false"]
    with log.open("wb") as out:
        # Run in the throwaway folder, where Schemathesis keeps its cache.
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=log.parent)


def main() -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="hiphub-api-contract-"))
    env = {**os.environ, "HIPHUB_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE":
           "hiphub.settings"}
    env.pop("DATABASE_URL", None)  # SQLite, in the fresh data folder
    try:
        made = subprocess.run([sys.executable, "-c", MEMBER], env=env, check=True,
                              capture_output=True, text=True)
        session_cookie, session_key, csrf_cookie = made.stdout.split()
        with served(BIN / "hiphub", env, data_dir / "server.log") as base:
            return check(base, session_cookie, session_key, csrf_cookie, data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def check(base: str, session_cookie: str, session_key: str, csrf_cookie: str,
          data_dir: Path) -> int:
    """Schemathesis against the running server, as a visitor and as the member."""
    csrf = secrets.token_hex(16)  # an unmasked 32-character secret, as Django accepts
    member = [
        f"Cookie: {session_cookie}={session_key}; {csrf_cookie}={csrf}",
        f"X-CSRFToken: {csrf}",
    ]
    # Both at once (the server has two workers); each report is printed when it is done.
    began = time.monotonic()
    runs = {
        "a visitor": schemathesis(base, [], data_dir / "visitor.txt"),
        f"a member ({MEMBER_EMAIL})": schemathesis(base, member, data_dir / "member.txt"),
    }
    failed = False
    for (label, run), log in zip(runs.items(), ("visitor.txt", "member.txt"), strict=True):
        status = run.wait()
        failed |= status != 0
        print(f"\n=== Schemathesis as {label}: {EXAMPLES} examples per operation, seed {SEED}")
        print((data_dir / log).read_text(errors="replace"), flush=True)
        print(f"=== {label}: {'passed' if status == 0 else 'FAILED'}")
    if failed:
        log = (data_dir / "server.log").read_text(errors="replace").splitlines()
        print("\n=== The server's last log lines\n" + "\n".join(log[-40:]))
    print(f"=== API contract checked in {time.monotonic() - began:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
