"""A consistent backup of the database and the stored files, in one folder, and its restore.

The folder holds `database.dump` (pg_dump's custom format; `database.sqlite3` on SQLite),
`files/` (every stored object, by its name in the storage) and `manifest.json`: each table's
row count and each file's SHA-256 as of the dump, and the digest of every frozen submission.

Consistency: on PostgreSQL the manifest is counted inside one REPEATABLE READ transaction whose
snapshot pg_dump is given (`--snapshot`), so the two describe the same moment. The files are
copied after the dump: the app never overwrites a stored object and writes a file before the row
that names it commits, so every file the dump names is already in the storage; a file saved
since is copied too and is never shown (no row names it)."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection, transaction
from django.utils import timezone

from actionplans.submission.models import SubmittedPlan

MANIFEST = "manifest.json"
FILES = "files"


def sha256_of(stream: Any) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every object in the storage, by name (Storage.listdir: the disk or the bucket)."""
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


def frozen_submissions() -> list[tuple[int, Any, str, str]]:
    return list(SubmittedPlan.objects.values_list("pk", "data", "word_document", "pdf_document"))


def frozen_digest(frozen: tuple[int, Any, str, str], file_hashes: dict[str, str]) -> str:
    """A frozen submission as kept: its data and its two documents' hashes."""
    _, data, word, pdf = frozen
    parts = {"data": data, "word": file_hashes.get(word), "pdf": file_hashes.get(pdf)}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed (PostgreSQL's client tools)")
    return found


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = ["--host", db["HOST"] or "127.0.0.1", "--port", str(db["PORT"] or 5432)]
    args += ["--username", db["USER"]] if db["USER"] else []
    env = {**os.environ}
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


Snapshot = tuple[dict[str, int], list[tuple[int, Any, str, str]]]


def _dump_database(folder: Path) -> Snapshot:
    """Dump the database, and count its rows and read its frozen submissions at the same
    moment."""
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        with transaction.atomic():
            counts, frozen = table_counts(), frozen_submissions()
        source = sqlite3.connect(db["NAME"])
        target = sqlite3.connect(folder / "database.sqlite3")
        with target:
            source.backup(target)  # SQLite's online backup API: a consistent copy
        source.close()
        target.close()
        return counts, frozen
    if connection.vendor != "postgresql":
        raise RuntimeError(f"No backup for a {connection.vendor} database")
    args, env = _pg_env()
    with transaction.atomic(durable=True), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts, frozen = table_counts(), frozen_submissions()
        subprocess.run(  # noqa: S603
            [
                _tool("pg_dump"),
                *args,
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                f"--file={folder / 'database.dump'}",
                db["NAME"],
            ],
            env=env,
            check=True,
        )
    return counts, frozen


def back_up(*, to: Path) -> Path:
    """Write a backup into a new timestamped folder under `to`; the folder."""
    folder = to / f"jtai-{timezone.now():%Y%m%dT%H%M%SZ}"
    folder.mkdir(parents=True)
    counts, frozen = _dump_database(folder)
    hashes: dict[str, str] = {}
    for name in stored_names(default_storage):
        target = folder / FILES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy)
        with target.open("rb") as copied:
            hashes[name] = sha256_of(copied)
    manifest = {
        "taken_at": timezone.now().isoformat(),
        "release": settings.RELEASE,
        "database": connection.vendor,
        "tables": counts,
        "files": hashes,
        "frozen_submissions": {str(f[0]): frozen_digest(f, hashes) for f in frozen},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return folder


def restore(*, backup: Path) -> list[str]:
    """Load `backup` into the configured database (which must be empty) and storage; what
    differs from its manifest afterwards (nothing, when it worked)."""
    manifest = json.loads((backup / MANIFEST).read_text())
    with connection.cursor() as cursor:
        if connection.introspection.table_names(cursor):
            raise RuntimeError("The database is not empty: restore into a new one (createdb)")
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        connection.close()
        shutil.copyfile(backup / "database.sqlite3", db["NAME"])
    else:
        args, env = _pg_env()
        subprocess.run(  # noqa: S603
            [
                _tool("pg_restore"),
                *args,
                "--no-owner",
                "--exit-on-error",
                f"--dbname={db['NAME']}",
                str(backup / "database.dump"),
            ],
            env=env,
            check=True,
        )
    for name in manifest["files"]:
        with (backup / FILES / name).open("rb") as source:
            saved = default_storage.save(name, File(source))
        if saved != name:
            raise RuntimeError(f"The storage already held {name}: restore into an empty one")
    return differences(manifest)


def differences(manifest: dict[str, Any]) -> list[str]:
    """What the configured database and storage hold that differs from the manifest."""
    found = []
    counts = table_counts()
    for table, count in manifest["tables"].items():
        if counts.get(table) != count:
            found.append(f"table {table}: {counts.get(table)} rows, {count} backed up")
    hashes = {}
    for name, digest in manifest["files"].items():
        with default_storage.open(name, "rb") as stored:
            hashes[name] = sha256_of(stored)
        if hashes[name] != digest:
            found.append(f"file {name}: its content differs")
    restored = {str(f[0]): frozen_digest(f, hashes) for f in frozen_submissions()}
    if restored != manifest["frozen_submissions"]:
        found.append("the frozen submissions differ")
    return found
