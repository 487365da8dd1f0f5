"""Partnerships, the agencies that serve them, and the people who work in them.

This app knows nothing of inspections or plans: it answers only "who is this person, and what is
their role in which partnership, for which agency".
"""

from typing import Any

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with their work email address."""

    username = None  # type: ignore[assignment,misc]  # the email address signs people in
    email = models.EmailField("email address", unique=True)
    job_title = models.CharField(max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]  # the stubs declare it a ClassVar

    objects = UserManager()  # type: ignore[assignment,misc]  # a manager without usernames

    # What agencies.signed_in found in the cache with this person, for the one request that
    # loaded them from it (not fields: nothing is stored).
    _signed_in_memberships: Any = None
    _signed_in_two_factor: Any = None
    _signed_in_unread: Any = None

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Partnership(models.Model):
    """A local safeguarding children partnership: one local area's multi-agency arrangements."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    local_area = models.CharField(max_length=200, help_text="For example: Southampton")
    leads_require_two_factor = models.BooleanField(
        "partnership leads must use two-factor authentication",
        default=False,
        help_text="When ticked, a partnership lead cannot use the service until they have set up "
        "an authenticator app.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """An organisation: a police force, a council's children's services, a health body, …

    One agency can serve several partnerships: Hampshire and Isle of Wight Constabulary serves
    Southampton, Portsmouth, Hampshire and the Isle of Wight.
    """

    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        CHILDRENS_SERVICES = "childrens_services", "Local authority children's services"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, help_text="Shown in tables, e.g. 'Police'")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField(blank=True)
    partnerships = models.ManyToManyField(Partnership, related_name="agencies", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> "MembershipQuerySet":
        return self.filter(user__is_active=True)


class Membership(models.Model):
    """A person's role in one partnership; people hold different roles in different partnerships."""

    class Role(models.TextChoices):
        LEAD = "lead", "Partnership lead"
        OWNER = "owner", "Agency owner"
        MANAGER = "manager", "Manager"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
        help_text="The agency the person works for. Required for agency owners.",
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["partnership__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership"], name="one_role_per_user_per_partnership"
            ),
            models.CheckConstraint(
                condition=~Q(role="owner") | Q(agency__isnull=False),
                name="agency_owner_has_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.partnership}"

    def clean(self) -> None:
        if (
            self.agency is not None
            and self.partnership_id
            and not self.agency.partnerships.filter(pk=self.partnership_id).exists()
        ):
            raise ValidationError({"agency": "This agency does not serve that partnership."})
