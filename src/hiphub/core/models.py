"""Site-wide records that belong to no single capability."""

from datetime import datetime, timedelta
from typing import ClassVar

from django.db import models


class ThrottleBucket(models.Model):
    """Recent uses of one action for one key, for `hiphub.core.throttle`.

    `key` is a salted hash of the address or name being limited, never the value itself;
    `hits` holds the times of the uses still inside the window (at most `limit` of them).
    """

    action = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    hits = models.JSONField(default=list)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["action", "key"], name="throttle_one_bucket_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.action} ({len(self.hits)} recent)"

    def hit_times(self) -> list[datetime]:
        return [datetime.fromisoformat(hit) for hit in self.hits]

    def keep(self, hits: list[datetime], per: timedelta) -> None:
        """Remember these uses; the bucket may be purged once the newest is `per` old."""
        self.hits = [hit.isoformat() for hit in hits]
        self.expires_at = max(hits) + per if hits else self.expires_at
        self.save(update_fields=["hits", "expires_at"])
