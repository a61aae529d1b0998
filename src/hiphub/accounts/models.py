from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    THERAPIST = "therapist", "Therapist"
    MODERATOR = "moderator", "Moderator"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        """Sign-in finds the account whatever the letter case of the email typed."""
        return self.get(email__iexact=(username or "").strip())

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_awaiting_confirmation(
        self, email: str, password_hash: str, display_name: str = ""
    ) -> "User":
        """A sign-up that cannot be used until its address is confirmed (or its password is
        chosen through a reset link, which proves the same)."""
        user = self.model(
            email=self.normalize_email(email).lower(),
            password=password_hash,
            display_name=display_name,
            is_active=False,
            email_verified=False,
        )
        user.save(using=self._db)
        return user

    def unconfirmed_since(self, cutoff: datetime) -> "models.QuerySet[User]":
        """Sign-ups made before `cutoff` whose address was never confirmed."""
        return self.filter(
            is_active=False, email_verified=False, last_login__isnull=True, date_joined__lt=cutoff
        )

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True, role=Role.MODERATOR)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account. Signs in with an email address, which is never shown
    publicly; `display_name` is what others see."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=60, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    email_verified = models.BooleanField(default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    # How long a confirmation link works; unconfirmed sign-ups are deleted after it.
    CONFIRM_WITHIN = timedelta(days=3)

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or f"member {self.pk}"

    @property
    def awaiting_confirmation(self) -> bool:
        """Signed up, but the address has not been confirmed yet, so no one can sign in."""
        return not self.is_active and not self.email_verified and self.last_login is None

    def confirm_email(self) -> None:
        """The owner of the address has shown they read its mail (a confirmation or reset
        link): mark it confirmed and open the account if it was waiting for that."""
        changed = []
        if self.awaiting_confirmation:
            self.is_active = True
            changed.append("is_active")
        if not self.email_verified:
            self.email_verified = True
            changed.append("email_verified")
        if changed:
            self.save(update_fields=changed)

    @property
    def is_moderator(self) -> bool:
        return self.role == Role.MODERATOR

    @property
    def is_therapist(self) -> bool:
        return self.role == Role.THERAPIST

    def become_therapist(self) -> None:
        """The member lists a practice in the therapist directory. A moderator's account
        cannot: one account has one role, and moderators verify therapists."""
        if self.role == Role.MODERATOR:
            raise ValueError("a moderator's account cannot also be a therapist's")
        if self.role != Role.THERAPIST:
            self.role = Role.THERAPIST
            self.save(update_fields=["role"])
