"""The `hiphub` command. Each capability adds its own sub-commands (anatomy, screen, ...)."""

import os
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

app = typer.Typer(
    name="hiphub",
    help="hiphub: hip tension and low back pain, on your own server and in your terminal.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
console = Console()
err_console = Console(stderr=True)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiphub.settings")
    import django

    django.setup()


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a message to stderr and return the Exit to raise (status 2 for bad input)."""
    err_console.print(f"[bold red]Error:[/] {message}", highlight=False)
    return typer.Exit(code)


def member_by_email(email: str) -> Any:
    """The member with this email (any letter case), or exit 2 saying there is none."""
    setup_django()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise fail(f"--user: no member with the email {email!r}.")
    return user


def default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def prepare_site() -> None:
    """Everything `serve` does before it starts listening: checks, database, data, static."""
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError
    from django.db import OperationalError

    setup_django()
    try:
        call_command("check", fail_level="ERROR")
    except SystemCheckError as exc:
        err_console.print(str(exc), highlight=False, markup=False)
        raise fail("hiphub is not configured correctly (see above).") from None
    console.print("Preparing the database ...")
    try:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference_data", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        from hiphub.accounts import housekeeping

        housekeeping.purge()  # expired sessions and the like; workers repeat it hourly
    except OperationalError as exc:
        raise fail(database_problem(exc)) from None
    except OSError as exc:
        raise fail(
            f"Cannot write {exc.filename or 'to the data folder'}: {exc.strerror}. Free some "
            "disk space, or point HIPHUB_DATA_DIR at a folder this user can write to."
        ) from None


def database_problem(exc: Exception) -> str:
    """One sentence for a database that cannot be reached or written, naming what to check."""
    from django.conf import settings

    detail = next(iter(str(exc).strip().splitlines()), "") or type(exc).__name__
    database = settings.DATABASES["default"]
    if str(database["ENGINE"]).endswith("sqlite3"):
        return (
            f"The database file {database['NAME']} cannot be used ({detail}). Check that "
            "HIPHUB_DATA_DIR is on a disk with free space that this user can write to."
        )
    where = f"{database.get('HOST') or 'the local socket'}, port {database.get('PORT') or 5432}"
    return (
        f"Cannot use the PostgreSQL database named by DATABASE_URL ({where}): {detail}. "
        "Is the server running, and are the address, name and password right?"
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=0, max=64, help="gunicorn worker processes; 0 means 2×cores+1, at most 8."
        ),
    ] = 0,
    threads: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Threads per worker. A thread streaming audio to a slow phone, or a render "
            "still in progress, ties up only itself; workers are never killed for it.",
        ),
    ] = 4,
    dev: Annotated[
        bool, typer.Option("--dev", help="Auto-reloading development server with DEBUG on.")
    ] = False,
    prerender: Annotated[
        bool,
        typer.Option(
            help="Render every length of the relaxation audio in the background at start-up, "
            "so first plays need no wait (skips lengths already on disk)."
        ),
    ] = True,
    worker: Annotated[
        bool,
        typer.Option(
            help="Also start `hiphub worker` for background emails (turn off when another "
            "machine runs it)."
        ),
    ] = True,
) -> None:
    """Migrate, load reference data, collect static files, then serve the site (and, unless
    --no-worker, run the background worker beside it)."""
    if dev:
        os.environ["HIPHUB_DEBUG"] = "1"
    prepare_site()
    if prerender:
        from django.conf import settings

        from hiphub.selfcare import prerender as audio_prerender

        if audio_prerender.start_in_background(settings.RENDER_CACHE_DIR):
            console.print("Preparing the relaxation audio in the background ...")
    if worker:
        import subprocess

        # A child of the server: it stops with it (Ctrl-C reaches the whole process group, and
        # the worker watches for its parent going away, as when gunicorn is sent SIGTERM).
        subprocess.Popen(
            [sys.executable, "-m", "hiphub", "worker"],
            env={**os.environ, "HIPHUB_WORKER_PARENT": str(os.getpid())},
        )
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    if dev:
        console.print(f"hiphub (development) at [bold]{url}[/]  (Ctrl-C to stop)")
        os.execv(
            sys.executable,
            [sys.executable, "-m", "hiphub", "manage", "runserver", f"{host}:{port}"],
        )
    count = workers or default_workers()
    console.print(f"hiphub is serving at [bold]{url}[/] with {count} workers  (Ctrl-C to stop)")
    sys.stdout.flush()
    os.execv(
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hiphub.wsgi:application",
            "--bind",
            f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "--workers",
            str(count),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ],
    )


@app.command(name="worker")
def worker_command(
    once: Annotated[
        bool, typer.Option("--once", help="Queue what is due, run every queued task, then exit.")
    ] = False,
) -> None:
    """Run background tasks (reminder and digest emails) from the database queue. `serve`
    starts one; run it alone on one or more machines when several serve the site."""
    setup_django()
    import threading
    import time

    from django.core.management import call_command

    from hiphub.practice.tasks import queue_due

    if once:
        queue_due()
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        return

    def every_minute() -> None:
        while True:
            try:
                queue_due()
            except Exception as exc:  # keep the worker alive; the next minute tries again
                err_console.print(f"hiphub worker: queueing failed: {exc}", highlight=False)
            time.sleep(60)

    def stop_with_the_server(parent: int) -> None:
        while os.getppid() == parent:
            time.sleep(2)
        os._exit(0)

    threading.Thread(target=every_minute, daemon=True, name="queue-due").start()
    if os.environ.get("HIPHUB_WORKER_PARENT", "").isdigit():  # started by `hiphub serve`
        parent = int(os.environ["HIPHUB_WORKER_PARENT"])
        threading.Thread(target=stop_with_the_server, args=(parent,), daemon=True).start()
    call_command("db_worker", "--no-reload", verbosity=1)


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def manage(ctx: typer.Context) -> None:
    """Run a Django management command (createsuperuser, migrate, help ...)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hiphub manage", *ctx.args])


def _add_subcommands() -> None:
    """Register each capability's commands. Imported lazily so `hiphub --help` stays quick."""
    from importlib import import_module

    registered = {group.name for group in app.registered_groups}
    for module_name, name in SUBCOMMANDS:
        if name not in registered:
            app.add_typer(import_module(module_name).app, name=name)


SUBCOMMANDS: list[tuple[str, str]] = [
    ("hiphub.anatomy.cli", "anatomy"),
    ("hiphub.selfcare.cli", "audio"),
    ("hiphub.selfcare.terminal", "session"),
    ("hiphub.journal.cli", "journal"),
    ("hiphub.screening.cli", "screen"),
    ("hiphub.directory.cli", "directory"),
    ("hiphub.practice.cli", "practice"),
    ("hiphub.reports.cli", "report"),
]


def main() -> None:
    _add_subcommands()
    app()
