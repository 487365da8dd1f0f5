"""Backup codes stored until now as typed are replaced by their digests (agencies.twofactor).

The codes people hold keep working: only what is stored changes. It cannot be undone (a digest
does not give the code back); going back leaves the digests, and people make new codes.
"""

import re

from django.conf import settings
from django.db import migrations
from django.utils.crypto import salted_hmac

# A copy of agencies.twofactor.backup_code_digest as it was when this migration was written.
DIGEST = re.compile(r"[0-9a-f]{16}")


def digest(user_id: int, code: str) -> str:
    mac = salted_hmac(
        "agencies.twofactor.backup-code",
        f"{user_id}:{code}",
        secret=settings.SECRET_KEY,
        algorithm="sha256",
    )
    return mac.hexdigest()[:16]


def hash_backup_codes(apps, schema_editor):
    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.select_related("device").iterator():
        if DIGEST.fullmatch(token.token):
            continue  # already a digest: running twice changes nothing
        token.token = digest(token.device.user_id, token.token)
        token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_organisation_sign_in_and_api_tokens"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_backup_codes, migrations.RunPython.noop)]
