"""Two-factor authentication: an authenticator app (TOTP) and single-use backup codes.

Built on django-otp: a TOTPDevice per person for the app, a StaticDevice holding ten backup
codes. Two-factor is optional, except for the leads of a partnership that ticks
`Partnership.leads_require_two_factor`; `TwoFactorMiddleware` (agencies/middleware.py) enforces
both the second step at sign-in and the set-up where it is compulsory.
"""

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Membership, User

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


@dataclass(frozen=True)
class TwoFactorState:
    has_device: bool  # a confirmed authenticator app or backup codes
    required: bool  # a lead of a partnership that makes two-factor compulsory


def two_factor_state(user: User) -> TwoFactorState:
    """Both answers in one query (the middleware asks on every request before verification)."""
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            has_codes=Exists(StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            required=Exists(
                Membership.objects.filter(
                    user=OuterRef("pk"),
                    role=Membership.Role.LEAD,
                    partnership__leads_require_two_factor=True,
                )
            ),
        )
        .values("has_app", "has_codes", "required")
        .first()
    )
    if row is None:
        return TwoFactorState(has_device=False, required=False)
    return TwoFactorState(has_device=row["has_app"] or row["has_codes"], required=row["required"])


def is_verified(user: object) -> bool:
    """Whether this session passed the second step (OTPMiddleware sets `user.is_verified`)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def has_authenticator_app(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_app(user: User) -> TOTPDevice | None:
    """The app being set up: a device not confirmed yet."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def start_app_setup(*, user: User) -> TOTPDevice:
    """The unconfirmed app device whose key the person types or scans (one at a time)."""
    device = pending_app(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_app(*, user: User, token: str) -> TOTPDevice | None:
    """Confirm the app being set up with a code it shows; replaces any earlier app."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def replace_backup_codes(*, user: User) -> list[str]:
    """Ten new single-use codes; the old ones stop working. Shown once, stored as-is."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": BACKUP_DEVICE_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify_second_factor(*, user: User, token: str) -> Device | None:
    """The device that accepts `token`: the app's current code, or an unused backup code."""
    token = token.strip().replace(" ", "")
    if not token:
        return None
    devices: list[Device] = [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]
    for device in devices:
        # verify_token applies django-otp's throttling: each failure doubles the wait.
        with transaction.atomic():
            locked = type(device).objects.select_for_update().get(pk=device.pk)
            if locked.verify_token(token):
                return locked
    return None


@transaction.atomic
def remove_two_factor(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
