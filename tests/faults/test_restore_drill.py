"""The restore drill: seed the demo, add an evidence file, back up, destroy the files, restore
into a fresh database and a fresh media folder, then compare every table's rows, every file's
hash and every frozen submission with what was backed up."""

import hashlib
import os
import shutil
import subprocess
import sys

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from actionplans.plans.models import Action, Evidence
from actionplans.submission.models import SubmittedPlan
from demo.loader import load_demo
from tests.conftest import BASE_DIR

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore"),
    pytest.mark.django_db(transaction=True),
]


def connect(name: str):
    db = connection.settings_dict
    conn = psycopg2.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=name,
    )
    conn.autocommit = True
    return conn


def table_digests(name: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of its rows, ordered by their text."""
    conn = connect(name)
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            tables = [row[0] for row in cursor.fetchall()]
            digests = {}
            for table in tables:
                cursor.execute(
                    f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' "  # noqa: S608
                    f"ORDER BY t::text), '')) FROM \"{table}\" t"
                )
                digests[table] = cursor.fetchone()
        return digests
    finally:
        conn.close()


def file_hashes(root) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = connect("postgres")
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_it_restores_every_row_file_and_frozen_submission(settings, tmp_path, fresh_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo(freeze_submission=True)
    evidence = Evidence.objects.create(
        action=Action.objects.first(),
        kind=Evidence.Kind.FILE,
        description="Audit report",
        original_name="audit.pdf",
        added_by=SubmittedPlan.objects.first().submitted_by,
        file=ContentFile(b"%PDF-1.4 the audit", name="audit.pdf"),
    )
    assert SubmittedPlan.objects.exists()

    call_command("backup", to=tmp_path / "backups")
    (backup,) = (tmp_path / "backups").iterdir()
    rows_before = table_digests(connection.settings_dict["NAME"])
    files_before = file_hashes(settings.MEDIA_ROOT)
    frozen_before = sorted(
        SubmittedPlan.objects.values_list("pk", "data", "word_document", "pdf_document")
    )
    assert any(name.startswith("submissions/") for name in files_before)
    assert evidence.file.name in files_before

    shutil.rmtree(settings.MEDIA_ROOT)  # the files are gone

    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    restored_media = tmp_path / "restored-media"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{auth}@{host}/{fresh_database}",
        "MEDIA_ROOT": str(restored_media),
        "FILE_STORAGE": "local",
        "DEBUG": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout

    assert table_digests(fresh_database) == rows_before
    assert file_hashes(restored_media) == files_before
    conn = connect(fresh_database)
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT id, data, word_document, pdf_document FROM actionplans_submittedplan"
        )
        assert sorted(cursor.fetchall()) == frozen_before
    conn.close()

    # Restoring over what is there is refused: the drill cannot overwrite a live database.
    again = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode != 0
    assert "not empty" in again.stderr
