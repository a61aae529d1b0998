"""Database constraints shared by several apps' models."""

from django.db.models import Q


def rating_ok(field: str) -> Q:
    """A 0–10 rating, or none given: the check behind every pain and tension column."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 10})
