"""Checking the community tallies (models.ThreadTally, models.RatingTally) against the posts
themselves, and rebuilding them: for `hiphub manage community_tallies`, after a bulk import
or a restore, or if they ever drift."""

from django.db import connection, transaction
from django.db.models import Count, F

from hiphub.community.models import Post, RatingTally, ThreadTally

Pair = tuple[str, int, int]


def expected() -> tuple[dict[str, int], dict[Pair, int]]:
    """Counted from the posts: published top-level posts per thread, and published reports
    per (routine, pain before, pain after)."""
    published = Post.objects.published()
    threads = {
        row["thread"]: row["n"]
        for row in published.filter(parent__isnull=True)
        .values("thread")
        .annotate(n=Count("id"))
        .order_by()
    }
    rated = published.exclude(protocol="").filter(
        pain_before__isnull=False, pain_after__isnull=False
    )
    ratings = {
        (row["protocol"], row["pain_before"], row["pain_after"]): row["n"]
        for row in rated.values("protocol", "pain_before", "pain_after")
        .annotate(n=Count("id"))
        .order_by()
    }
    return threads, ratings


def differences() -> list[str]:
    """Every tally that disagrees with the posts, in words; empty when all agree."""
    threads, ratings = expected()
    kept_threads = dict(ThreadTally.objects.values_list("thread", "top_level"))
    kept_ratings = {
        (p, b, a): n
        for p, b, a, n in RatingTally.objects.values_list(
            "protocol", "pain_before", "pain_after", "reports"
        )
    }
    found = [
        f"thread {thread}: {kept_threads.get(thread, 0)} top-level posts counted, "
        f"{threads.get(thread, 0)} published"
        for thread in sorted(threads.keys() | kept_threads.keys())
        if kept_threads.get(thread, 0) != threads.get(thread, 0)
    ]
    found += [
        f"routine {p}, pain {b} → {a}: {kept_ratings.get((p, b, a), 0)} reports counted, "
        f"{ratings.get((p, b, a), 0)} published"
        for p, b, a in sorted(ratings.keys() | kept_ratings.keys())
        if kept_ratings.get((p, b, a), 0) != ratings.get((p, b, a), 0)
    ]
    return found


def rebuild() -> list[str]:
    """Set every tally to what the posts say and move every thread's version on (so no
    cached page survives); returns what was wrong. Posting waits while it runs."""
    with transaction.atomic():
        if connection.vendor == "postgresql":  # SQLite's IMMEDIATE transactions lock already
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Post._meta.db_table} IN SHARE MODE")
        wrong = differences()
        threads, ratings = expected()
        routines = {f"protocol:{protocol}" for protocol, _, _ in ratings}
        routines |= {
            f"protocol:{protocol}"
            for protocol in RatingTally.objects.values_list("protocol", flat=True)
        }
        kept = set(ThreadTally.objects.values_list("thread", flat=True))
        for thread in (threads.keys() | routines) - kept:  # a routine's page shows its summary
            ThreadTally.bump(thread)
        for tally in ThreadTally.objects.select_for_update():
            tally.top_level = threads.get(tally.thread, 0)
            tally.save(update_fields=["top_level"])
        ThreadTally.objects.update(version=F("version") + 1)
        RatingTally.objects.exclude(
            pk__in=[
                t.pk
                for t in RatingTally.objects.all()
                if (t.protocol, t.pain_before, t.pain_after) in ratings
            ]
        ).delete()
        for (protocol, before, after), reports in ratings.items():
            RatingTally.objects.update_or_create(
                protocol=protocol,
                pain_before=before,
                pain_after=after,
                defaults={"reports": reports},
            )
    return wrong
