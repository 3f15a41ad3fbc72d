"""Backups of a whole instance: the database, the uploaded files and a manifest, in one archive.

`manage.py backup` writes `terreau-backup-<UTC time>.tar.gz` (never over an existing file):

    manifest.json       format version, Terreau's version and commit, the database engine and how
                        it was dumped, when, the rows of every table (and so of every model), the
                        SHA-256 and size of the dump and of every uploaded file
    database.sqlite3    SQLite: a copy made by SQLite's online backup API, consistent while the
                        app writes (the copy is one read transaction)
    database.pgdump     PostgreSQL: `pg_dump --format=custom`, all the tables of one snapshot
    media/...           the files of the default storage (MEDIA_ROOT, or S3 through django-storages)

The counts are read from the very state that was dumped: from the SQLite copy itself; on
PostgreSQL inside the transaction whose snapshot pg_dump is given (`--snapshot`). The files
are read after the dump: a file uploaded meanwhile may be in the archive with no row naming it
(harmless), never the other way round, since an upload is stored before its row is committed.

The dump is the engine's own, not Django's `dumpdata`: the search index (SQLite FTS5 virtual
tables, PostgreSQL tsvector columns, the table of words) and the cache table are not models,
and a restored instance must answer searches at once. Without a `pg_dump` of the server's major
version on PATH (`pg_dump` refuses a newer server), the backup stops and says so: a partial
backup that looks whole is worse than none.

`manage.py restore ARCHIVE` checks every hash of the manifest before it touches anything, then
brings the database and the files back into an empty instance (refused otherwise unless
--force), then counts every table again and compares with the manifest.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connection, connections

FORMAT = "terreau-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or the restore cannot be done; the message says why and what to do."""


# Hashes, names, versions ---------------------------------------------------------------------


def sha256_of(stream) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _terreau_version() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("terreau")
    except PackageNotFoundError:
        import tomllib

        pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
        number = tomllib.loads(pyproject.read_text())["project"]["version"] if pyproject.exists() else ""
    commit = os.environ.get("TERREAU_COMMIT", "")
    if not commit:
        try:
            commit = subprocess.run(
                ["git", "rev-parse", "HEAD"],
                cwd=settings.BASE_DIR,
                capture_output=True,
                text=True,
                timeout=5,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            commit = ""
    return {"version": number, "commit": commit}


def _migrations() -> dict[str, str]:
    """The last migration applied of each app: the code restoring must know them all."""
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def archive_name(now: datetime.datetime) -> str:
    return f"terreau-backup-{now:%Y%m%dT%H%M%SZ}"


# Counting ------------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    """Rows of every table of a SQLite database (FTS5 tables and their shadow tables included)."""
    names = [
        row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    return {name: db.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0] for name in sorted(names)}


def postgresql_counts(cursor) -> dict[str, int]:
    """Rows of every table of the current schema, read by `cursor` (inside the dump's snapshot)."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    counts = {}
    for (name,) in cursor.fetchall():
        cursor.execute(f"SELECT count(*) FROM {_quote(name)}")
        counts[name] = cursor.fetchone()[0]
    return counts


def database_counts(alias: str = "default") -> dict[str, int]:
    """Rows of every table of the database Django is connected to (for the checks after a restore)."""
    db = connections[alias]
    db.ensure_connection()
    if db.vendor == "sqlite":
        return sqlite_counts(db.connection)
    if db.vendor == "postgresql":
        with db.cursor() as cursor:
            return postgresql_counts(cursor)
    raise BackupError(f"Backups know SQLite and PostgreSQL, not {db.vendor}.")


def model_counts(tables: dict[str, int]) -> dict[str, int]:
    """The same counts by model (`app_label.Model`), many-to-many tables included."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in tables and not model._meta.proxy:
            counts[model._meta.label] = tables[table]
    return dict(sorted(counts.items()))


# Files ---------------------------------------------------------------------------------------


def storage_files(storage: Storage, directory: str = "") -> list[str]:
    """Every file of a storage, by name (`knowledge/3/plan.pdf`), through the Storage API only."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return []
    names = [f"{directory}/{name}" if directory else name for name in files]
    for sub in directories:
        names += storage_files(storage, f"{directory}/{sub}" if directory else sub)
    return sorted(names)


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == str(path)


# Backup --------------------------------------------------------------------------------------


@dataclass
class Dump:
    filename: str
    method: str
    counts: dict[str, int]
    server_version: str = ""


def sqlite_snapshot(source: sqlite3.Connection, target: Path) -> dict[str, int]:
    """Copy the database of `source` into the file `target`; the rows of every table of the copy.

    One step (pages=-1): the whole copy is read in one read transaction, so it is one state of
    the database even while the app writes (in WAL mode the writers go on meanwhile)."""
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        return sqlite_counts(copy)
    finally:
        copy.close()


def _dump_sqlite(target: Path) -> Dump:
    connection.ensure_connection()
    counts = sqlite_snapshot(connection.connection, target)
    return Dump("database.sqlite3", "sqlite-online-backup", counts, sqlite3.sqlite_version)


def _pg_params() -> dict:
    """How to reach the database Django uses, for psycopg and (as PG* variables) for the tools."""
    db = connection.settings_dict
    params = {"dbname": db["NAME"], "user": db["USER"], "password": db["PASSWORD"], "host": db["HOST"]}
    params["port"] = str(db["PORT"] or "")
    params["sslmode"] = db.get("OPTIONS", {}).get("sslmode", "")
    return {key: value for key, value in params.items() if value}


def _pg_env(params: dict) -> dict:
    env = dict(os.environ)
    names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD", "sslmode": "PGSSLMODE"}
    env.update({var: params[key] for key, var in names.items() if key in params})
    return env


def pg_tool(name: str, server_version: int) -> str:
    """The path of `pg_dump`/`pg_restore`, checked to be of the server's major version or newer."""
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} is not on PATH. Install the PostgreSQL client of the server's version "
            f"(Debian: apt-get install postgresql-client-{server_version // 10000})."
        )
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    major = int(out.split()[-1].split(".")[0])
    if major < server_version // 10000:
        raise BackupError(
            f"{path} is version {major}, the server {server_version // 10000}: {name} refuses a newer "
            f"server. Install postgresql-client-{server_version // 10000}."
        )
    return path


def _dump_postgresql(target: Path) -> Dump:
    import psycopg

    connection.ensure_connection()
    server = connection.connection.info.server_version
    pg_dump = pg_tool("pg_dump", server)
    params = _pg_params()
    dbname = params["dbname"]
    # A separate connection holds the snapshot while pg_dump reads it and the rows are counted.
    with psycopg.connect(**params) as snapshot:
        snapshot.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot_id = snapshot.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with snapshot.cursor() as cursor:
            counts = postgresql_counts(cursor)
        result = subprocess.run(
            [pg_dump, "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}", "--no-password", dbname],
            env=_pg_env(params),
            capture_output=True,
            text=True,
        )
        snapshot.execute("COMMIT")
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return Dump("database.pgdump", "pg_dump-custom", counts, str(server))


def backup(output: Path, *, now: datetime.datetime | None = None, storage: Storage | None = None) -> Path:
    """Write a backup archive into the directory `output`; returns its path."""
    storage = storage or default_storage
    now = now or datetime.datetime.now(datetime.UTC)
    output.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    with tempfile.TemporaryDirectory(prefix="terreau-backup-") as work:
        work_dir = Path(work)
        if vendor == "sqlite":
            dump = _dump_sqlite(work_dir / "database.sqlite3")
        elif vendor == "postgresql":
            dump = _dump_postgresql(work_dir / "database.pgdump")
        else:
            raise BackupError(f"Backups know SQLite and PostgreSQL, not {vendor}.")
        with open(work_dir / dump.filename, "rb") as stream:
            dump_hash, dump_size = sha256_of(stream)

        files = {}
        for name in storage_files(storage):
            with storage.open(name, "rb") as stream:
                digest, size = sha256_of(stream)
            files[name] = {"sha256": digest, "size": size}

        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "terreau": _terreau_version(),
            "created_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "database": {
                "engine": vendor,
                "server_version": dump.server_version,
                "method": dump.method,
                "file": dump.filename,
                "sha256": dump_hash,
                "size": dump_size,
                "migrations": _migrations(),
            },
            "tables": dump.counts,
            "models": model_counts(dump.counts),
            "storage": {
                "backend": f"{type(storage).__module__}.{type(storage).__qualname__}",
                "files": files,
            },
        }

        base = archive_name(now)
        path, attempt = output / f"{base}.tar.gz", 1
        while True:
            try:
                handle = open(path, "xb")  # never over an existing backup
                break
            except FileExistsError:
                attempt += 1
                path = output / f"{base}-{attempt}.tar.gz"
        partial = True
        try:
            with handle, tarfile.open(fileobj=handle, mode="w:gz") as archive:
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
                archive.addfile(info, io.BytesIO(data))
                info = tarfile.TarInfo(dump.filename)
                info.size, info.mtime, info.mode = dump_size, int(now.timestamp()), 0o600
                with open(work_dir / dump.filename, "rb") as stream:
                    archive.addfile(info, stream)
                for name, entry in files.items():
                    info = tarfile.TarInfo(f"{MEDIA}/{name}")
                    info.size, info.mtime, info.mode = entry["size"], int(now.timestamp()), 0o600
                    with storage.open(name, "rb") as stream:
                        archive.addfile(info, stream)
            partial = False
        finally:
            if partial:
                path.unlink(missing_ok=True)
    os.chmod(path, 0o600)  # it holds every member's data
    return path


# Restore -------------------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.loads(archive.extractfile(member).read())  # type: ignore[union-attr]
    except (KeyError, AttributeError, ValueError) as error:
        raise BackupError(f"Not a Terreau backup: no readable {MANIFEST} ({error}).") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Unknown backup format {manifest.get('format')!r} version {manifest.get('format_version')!r}."
        )
    return manifest


def verify(path: Path, work_dir: Path) -> dict:
    """Extract the archive into `work_dir`, checking every hash and size against the manifest."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = read_manifest(archive)
            expected = {manifest["database"]["file"]: manifest["database"]}
            for name, entry in manifest["storage"]["files"].items():
                expected[f"{MEDIA}/{name}"] = entry
            seen = set()
            for member in archive:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected or not member.isfile() or not _safe_member(member.name):
                    raise BackupError(f"The archive holds {member.name!r}, which its manifest does not list.")
                target = work_dir / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                with open(target, "wb") as out:
                    shutil.copyfileobj(source, out, CHUNK)  # type: ignore[misc]
                with open(target, "rb") as stream:
                    digest, size = sha256_of(stream)
                if digest != expected[member.name]["sha256"] or size != expected[member.name]["size"]:
                    raise BackupError(
                        f"{member.name} does not match its SHA-256 in the manifest: the archive is damaged."
                    )
                seen.add(member.name)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"The archive cannot be read ({error}): it is damaged or not a backup.") from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"The archive lacks {len(missing)} file(s) its manifest lists, e.g. {missing[0]}.")
    return manifest


def instance_contents(storage: Storage) -> list[str]:
    """What this instance already holds, in words (empty: nothing to lose)."""
    connection.ensure_connection()
    found = []
    tables = connection.introspection.table_names()
    user_table = apps.get_model(settings.AUTH_USER_MODEL)._meta.db_table
    if user_table in tables:
        with connection.cursor() as cursor:
            for model in apps.get_models():
                table = model._meta.db_table
                if table in tables and not model._meta.proxy and model._meta.app_label not in {"contenttypes", "auth"}:
                    cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                    if cursor.fetchone():
                        found.append(f"rows in {table}")
    files = storage_files(storage)
    if files:
        found.append(f"{len(files)} file(s) in the storage")
    return found


def _restore_sqlite(dump: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)  # replaces the whole database, page by page
    finally:
        source.close()
    connection.close()


def _restore_postgresql(dump: Path) -> None:
    connection.ensure_connection()
    pg_restore = pg_tool("pg_restore", connection.connection.info.server_version)
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        for table in tables:  # what `migrate` made (an empty instance), or --force
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connection.close()
    params = _pg_params()
    result = subprocess.run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--clean",  # also what `migrate` made beside the tables (extensions, text search configuration)
            "--if-exists",
            "--exit-on-error",
            "--no-password",
            f"--dbname={params['dbname']}",
            str(dump),
        ],
        env=_pg_env(params),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def restore(path: Path, *, force: bool = False, storage: Storage | None = None) -> dict:
    """Bring the archive at `path` back into this instance; returns the manifest. Raises BackupError."""
    storage = storage or default_storage
    with tempfile.TemporaryDirectory(prefix="terreau-restore-") as work:
        work_dir = Path(work)
        manifest = verify(path, work_dir)  # before anything is touched
        engine = manifest["database"]["engine"]
        if engine != connection.vendor:
            raise BackupError(
                f"This backup is of a {engine} database; this instance uses {connection.vendor}. "
                "Set DATABASE_URL to a database of the same engine."
            )
        contents = instance_contents(storage)
        if contents and not force:
            raise BackupError(
                "This instance is not empty ("
                + ", ".join(contents[:5])
                + (", ..." if len(contents) > 5 else "")
                + "). Restore into an empty database and storage, or add --force to replace everything."
            )
        dump = work_dir / manifest["database"]["file"]
        if engine == "sqlite":
            _restore_sqlite(dump)
        else:
            _restore_postgresql(dump)

        for name in storage_files(storage):  # --force: the storage becomes the backup's
            if name not in manifest["storage"]["files"]:
                storage.delete(name)
        for name in manifest["storage"]["files"]:
            if storage.exists(name):
                storage.delete(name)
            with open(work_dir / MEDIA / name, "rb") as stream:
                saved = storage.save(name, File(stream, name=name))
            if saved != name:
                raise BackupError(f"The storage saved {name} as {saved}.")

    counts = database_counts()
    differ = {
        table: (expected, counts.get(table))
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    }
    differ.update({table: (None, n) for table, n in counts.items() if table not in manifest["tables"]})
    if differ:
        raise BackupError(f"After the restore, the rows differ from the manifest: {differ}")
    files = {}
    for name in storage_files(storage):
        with storage.open(name, "rb") as stream:
            digest, size = sha256_of(stream)
        files[name] = {"sha256": digest, "size": size}
    if files != manifest["storage"]["files"]:
        raise BackupError("After the restore, the files differ from the manifest.")
    return manifest
