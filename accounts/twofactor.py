"""Two-factor authentication: an authenticator app (TOTP) and single-use backup codes.

Built on django-otp: a TOTPDevice per person for the app, a StaticDevice holding ten backup
codes. The codes are shown once and stored only as keyed hashes (`backup_code_digest`), so a copy
of the database does not give anyone a way in. Two-factor is optional, except for the leads of a
partnership that ticks `Partnership.leads_require_two_factor`; `TwoFactorMiddleware`
(accounts/middleware.py) enforces both the second step at sign-in and the set-up where it is
compulsory.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.crypto import salted_hmac
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Membership, User

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
# The digest fills django-otp's 16-character token column: 64 bits of HMAC-SHA256, more than
# enough against guessing (which is throttled) and useless without SECRET_KEY.
BACKUP_CODE_DIGEST_LENGTH = 16
# Named after the module that first held it: the stored digests depend on it, so it never changes.
BACKUP_CODE_SALT = "agencies.twofactor.backup-code"


def backup_code_digest(user_id: int, code: str, secret: str | bytes | None = None) -> str:
    """What is stored for a backup code: an HMAC of the person and the code (never the code).

    Keyed with SECRET_KEY (or `secret`, one of SECRET_KEY_FALLBACKS while keys are rotated).
    The data migration agencies 0004 keeps a copy of this function: change both together."""
    mac = salted_hmac(BACKUP_CODE_SALT, f"{user_id}:{code}", secret=secret, algorithm="sha256")
    return mac.hexdigest()[:BACKUP_CODE_DIGEST_LENGTH]


def _digests(user_id: int, code: str) -> list[str]:
    """The digests `code` may be stored under: the current key's first, then the fallbacks'."""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return [backup_code_digest(user_id, code, secret=key) for key in keys]


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
    """Ten new single-use codes; the old ones stop working. Returned to be shown once; only
    their digests are stored."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": BACKUP_DEVICE_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=backup_code_digest(user.pk, code)) for code in codes
    )
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
            if locked.verify_token(_stored_form(locked, user, token)):
                return locked
    return None


def _stored_form(device: Device, user: User, token: str) -> str:
    """What `device` compares `token` with: backup codes are stored as digests."""
    if not isinstance(device, StaticDevice):
        return token
    candidates = _digests(user.pk, token)
    stored = device.token_set.filter(token__in=candidates).values_list("token", flat=True)
    return next(iter(stored), candidates[0])


@transaction.atomic
def remove_two_factor(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
