"""manage.py backup and restore: the round trip into a fresh instance leaves the same rows in every
table and the same files, on the database the tests run on (SQLite, or PostgreSQL in bin/test's
PostgreSQL pass); a damaged archive is refused before anything is touched."""

import datetime
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from terreau.core import backup
from terreau.knowledge.models import ItemType
from terreau.knowledge.tests.helpers import PNG, make_item, pdf_upload

ROOT = Path(__file__).resolve().parents[3]
NOW = datetime.datetime(2026, 11, 30, 2, 15, 0, tzinfo=datetime.UTC)

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads what is committed


@pytest.fixture
def world(cast, settings, tmp_path):
    """A community with members, knowledge items (so the search index), and uploaded files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    make_item(cast, title="Carte des points de vente fermiers")
    make_item(cast, type=ItemType.DOCUMENT, title="Bilan des marchés", upload=pdf_upload("bilan été 2025.pdf"))
    default_storage.save("portraits/julie.png", ContentFile(PNG + os.urandom(4096)))
    return cast


def file_hashes(directory: Path) -> dict[str, str]:
    return {
        path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def fresh_instance(tmp_path: Path, request) -> tuple[dict, callable]:
    """The environment of an empty instance of the same engine, and how to count its tables."""
    var = tmp_path / "restored"
    var.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "terreau.settings",
        "DJANGO_DEBUG": "1",
        "TERREAU_VAR_DIR": str(var),
        "TERREAU_MEDIA_ROOT": str(var / "media"),
    }
    env.pop("DATABASE_URL", None)
    env.pop("TERREAU_LOG_FORMAT", None)
    if connection.vendor == "sqlite":
        return env, lambda: backup.sqlite_counts(sqlite3.connect(var / "terreau.sqlite3"))

    import psycopg

    params = backup._pg_params()
    name = f"{params['dbname']}_restore_{uuid.uuid4().hex[:8]}"
    server = {**params, "dbname": "postgres"}
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    request.addfinalizer(drop)
    db = connection.settings_dict
    env["DATABASE_URL"] = (
        f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
    )

    def count():
        with psycopg.connect(**{**params, "dbname": name}) as restored, restored.cursor() as cursor:
            return backup.postgresql_counts(cursor)

    return env, count


def test_round_trip_into_a_fresh_instance_keeps_every_row_and_file(world, settings, tmp_path, request):
    archive = backup.backup(tmp_path / "backups", now=NOW)
    source_counts = backup.database_counts()
    source_files = file_hashes(Path(settings.MEDIA_ROOT))
    assert len(source_files) == 2 and source_counts["accounts_user"] == 6
    assert sum(1 for table in source_counts if table.startswith("knowledge_search")) >= 1  # not a model: kept

    env, count_restored = fresh_instance(tmp_path, request)
    result = manage("restore", str(archive), env=env)
    assert result.returncode == 0, result.stderr
    assert "all checked" in result.stdout

    assert count_restored() == source_counts  # every table, the same rows
    assert file_hashes(tmp_path / "restored" / "media") == source_files

    # Now the instance holds data: a second restore is refused, and --force replaces it.
    again = manage("restore", str(archive), env=env)
    assert again.returncode != 0
    assert "not empty" in again.stderr and "--force" in again.stderr
    forced = manage("restore", "--force", str(archive), env=env)
    assert forced.returncode == 0, forced.stderr
    assert count_restored() == source_counts


def test_the_manifest_counts_and_hashes_what_the_archive_holds(world, settings, tmp_path):
    archive = backup.backup(tmp_path, now=NOW)
    assert archive.name == "terreau-backup-20261130T021500Z.tar.gz"
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = tar.getnames()
        dump = tar.extractfile(manifest["database"]["file"]).read()
        media = {name: tar.extractfile(name).read() for name in names if name.startswith("media/")}
    assert manifest["format"] == "terreau-backup" and manifest["format_version"] == 1
    assert manifest["created_at"] == "2026-11-30T02:15:00Z"
    assert manifest["terreau"]["version"]
    assert manifest["database"]["engine"] == connection.vendor
    assert (
        manifest["database"]["method"]
        == {"sqlite": "sqlite-online-backup", "postgresql": "pg_dump-custom"}[connection.vendor]
    )
    assert manifest["database"]["sha256"] == hashlib.sha256(dump).hexdigest()
    assert manifest["database"]["migrations"]["knowledge"]
    assert manifest["tables"] == backup.database_counts()
    assert manifest["models"]["accounts.User"] == 6
    assert manifest["models"]["knowledge.KnowledgeItem"] == 2
    files = manifest["storage"]["files"]
    assert set(files) == set(file_hashes(Path(settings.MEDIA_ROOT)))
    for name, entry in files.items():
        assert hashlib.sha256(media[f"media/{name}"]).hexdigest() == entry["sha256"]
        assert entry["size"] == len(media[f"media/{name}"])
    # The manifest names no person: counts and hashes only.
    assert "Julie" not in json.dumps(manifest) and "@" not in json.dumps(manifest["tables"])


def test_a_backup_never_overwrites_another(world, tmp_path):
    first = backup.backup(tmp_path, now=NOW)
    content = first.read_bytes()
    second = backup.backup(tmp_path, now=NOW)
    assert second != first and second.name == "terreau-backup-20261130T021500Z-2.tar.gz"
    assert first.read_bytes() == content


def test_the_command_writes_the_archive_where_asked(world, tmp_path):
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "here"), stdout=out)
    [archive] = (tmp_path / "here").glob("*.tar.gz")
    assert out.getvalue().strip() == str(archive)
    assert re.fullmatch(r"terreau-backup-\d{8}T\d{6}Z\.tar\.gz", archive.name)


def _rewrite(archive: Path, target: Path, change) -> Path:
    """A copy of `archive` where `change(name, data)` gives each member's new bytes (None: left out)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                copy.addfile(member, io.BytesIO(data))
    return target


def _flip(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])


@pytest.mark.parametrize(
    "damage,message",
    [
        (lambda name, data: _flip(data) if name.startswith("media/portraits") else data, "SHA-256"),
        (lambda name, data: _flip(data) if name.startswith("database.") else data, "SHA-256"),
        (lambda name, data: None if name.startswith("media/") else data, "lacks"),
        (lambda name, data: None if name == "manifest.json" else data, "Not a Terreau backup"),
    ],
    ids=["a file changed", "the dump changed", "a file missing", "no manifest"],
)
def test_a_damaged_archive_is_refused_before_anything_is_touched(world, tmp_path, damage, message):
    archive = backup.backup(tmp_path, now=NOW)
    damaged = _rewrite(archive, tmp_path / "damaged.tar.gz", damage)
    before = backup.database_counts()
    with pytest.raises(backup.BackupError, match=message):
        backup.restore(damaged, force=True)
    assert backup.database_counts() == before


def test_a_truncated_archive_is_refused(world, tmp_path):
    archive = backup.backup(tmp_path, now=NOW)
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(backup.BackupError, match="damaged"):
        backup.restore(cut, force=True)


def test_a_non_empty_instance_is_refused_with_a_clear_message(world, tmp_path):
    archive = backup.backup(tmp_path, now=NOW)
    with pytest.raises(backup.BackupError, match=r"not empty \(rows in .*--force"):
        backup.restore(archive)


def test_an_archive_of_another_engine_is_refused(world, tmp_path):
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]
    archive = backup.backup(tmp_path, now=NOW)

    def engine(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["engine"] = other
        return json.dumps(manifest).encode()

    with pytest.raises(backup.BackupError, match=f"backup is of a {other} database"):
        backup.restore(_rewrite(archive, tmp_path / "other.tar.gz", engine), force=True)


@pytest.mark.django_db(transaction=False)
def test_a_sqlite_copy_is_one_state_while_the_app_writes(tmp_path):
    """A writer commits an order and its line together, without pause, while copies are taken:
    every copy holds as many orders as lines, and is a sound database."""
    import threading

    path = tmp_path / "busy.sqlite3"
    setup = sqlite3.connect(path)
    setup.executescript(
        "PRAGMA journal_mode=WAL; CREATE TABLE orders (id INTEGER PRIMARY KEY, note TEXT);"
        "CREATE TABLE lines (id INTEGER PRIMARY KEY, order_id INTEGER, note TEXT);"
    )
    setup.close()
    stop = threading.Event()
    written = []

    def write():
        db = sqlite3.connect(path, timeout=20, isolation_level=None)
        while not stop.is_set():
            db.execute("BEGIN IMMEDIATE")
            order = db.execute("INSERT INTO orders (note) VALUES (?)", ("x" * 500,)).lastrowid
            db.execute("INSERT INTO lines (order_id, note) VALUES (?, ?)", (order, "y" * 500))
            db.execute("COMMIT")
            written.append(order)
        db.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        copies = []
        source = sqlite3.connect(path, timeout=20)
        for number in range(8):
            while len(written) < 200 * (number + 1):
                stop.wait(0.01)
            copies.append(backup.sqlite_snapshot(source, tmp_path / f"copy-{number}.sqlite3"))
        source.close()
    finally:
        stop.set()
        writer.join()
    for number, counts in enumerate(copies):
        assert counts["orders"] == counts["lines"] > 0
        copy = sqlite3.connect(tmp_path / f"copy-{number}.sqlite3")
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM lines WHERE order_id NOT IN (SELECT id FROM orders)").fetchone() == (
            0,
        )
        copy.close()
    assert copies[-1]["orders"] > copies[0]["orders"]  # the writer went on between the copies
