"""Partnerships, the agencies that serve them, and the people who work in them.
This app knows nothing of inspections or plans: it answers only "who is this person, and what is
their role in which partnership, for which agency".
"""

import hashlib
from typing import Any

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords


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

    def get_by_natural_key(self, username: str | None) -> "User":
        """Sign-in finds the person whatever the capitals: `Lead@Southampton.example` is
        `lead@southampton.example` (the database holds no two addresses that differ only so)."""
        return self.alias(email_lower=Lower("email")).get(email_lower=Lower(Value(username or "")))

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

    # What one request has already read about this person (their memberships, two-factor
    # state): a dict on the user row the authentication backend loads for a request
    # (`accounts.signed_in`), None on every other instance. Not a field: nothing is stored.
    request_memo: dict[str, Any] | None = None

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            # Email addresses ignore capitals: two accounts may never differ only by them.
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ignoring_case",
                violation_error_message="Another person already has this email address",
            )
        ]

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
    # Who gave, changed or took away each membership, and when: leads manage people themselves.
    history = HistoricalRecords()

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


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> "InvitationQuerySet":
        """Neither accepted nor revoked (possibly expired)."""
        return self.filter(accepted_at=None, revoked_at=None)

    def valid(self) -> "InvitationQuerySet":
        """Still usable: pending and not expired."""
        return self.pending().filter(expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A partnership lead's invitation for someone to join the partnership in a role.

    Only a hash of its token is stored: the link in the email is the one copy of the token. It
    can be used once, within `agencies.people.services.INVITATION_LIFE`; resending makes a new
    token, so the old link stops working."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("email address", help_text="Stored in lower case")
    role = models.CharField(max_length=20, choices=Membership.Role.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="invitations", null=True, blank=True
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "email"],
                condition=Q(accepted_at=None, revoked_at=None),
                name="one_pending_invitation_per_email_per_partnership",
            ),
            models.CheckConstraint(
                condition=~Q(role="owner") | Q(agency__isnull=False),
                name="invited_owner_has_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} — {self.get_role_display()}, {self.partnership}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class PersonalAccessToken(models.Model):
    """A person's read-only key to the reporting API, for Power BI or Excel.

    Only a hash of the key is stored: the key itself is shown once, when it is made. It acts for
    its person and sees what they see, so a deactivated account or a removed membership takes
    effect on the token at once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=100, help_text="For example: Board report in Power BI")
    prefix = models.CharField(
        max_length=16, help_text="The key's first characters, to tell keys apart"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IdentityProvider(models.Model):
    """An organisation's OpenID Connect sign-in (Microsoft Entra ID, Google Workspace, …), set
    up by a superuser, usually one per agency. People whose email address is in one of its
    domains are sent to it instead of being asked for a password here."""

    name = models.CharField(
        max_length=100, help_text="Shown to people, e.g. 'Hampshire Constabulary (Entra ID)'"
    )
    issuer = models.URLField(
        max_length=300,
        unique=True,
        help_text="The issuer URL; its /.well-known/openid-configuration must be reachable",
    )
    client_id = models.CharField(max_length=200)
    client_secret = models.CharField(max_length=500)
    email_domains = models.TextField(
        help_text="The email domains it answers for, one per line, e.g. hampshire.police.uk"
    )
    trusts_email_addresses = models.BooleanField(
        default=False,
        help_text="Tick only if the provider does not send email_verified but every address "
        "it asserts is managed by the organisation (as in Entra ID with a verified domain)",
    )
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def domains(self) -> list[str]:
        return [
            line.strip().lower().lstrip("@")
            for line in self.email_domains.replace(",", "\n").splitlines()
            if line.strip()
        ]

    def clean(self) -> None:
        if not self.domains:
            raise ValidationError({"email_domains": "Enter at least one email domain"})
        taken = {
            domain: other.name
            for other in IdentityProvider.objects.filter(enabled=True).exclude(pk=self.pk)
            for domain in other.domains
        }
        clashes = sorted(d for d in self.domains if d in taken)
        if self.enabled and clashes:
            raise ValidationError(
                {"email_domains": f"{clashes[0]} is already answered for by {taken[clashes[0]]}"}
            )


def hash_key(key: str) -> str:
    """How a random secret (an access token, an invitation's link) is stored: 256 random bits,
    so a plain SHA-256 finds the row and cannot be reversed or guessed."""
    return hashlib.sha256(key.encode()).hexdigest()
