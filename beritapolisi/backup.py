"""Back up and restore the whole site: the database and the uploaded media, in one archive.

An archive is a .tar.gz holding `manifest.json` (database vendor, time), the database
(`db.sqlite3`, copied with SQLite's online backup API, or `db.dump`, pg_dump's custom format)
and `media/`. Used by `manage.py backup` and `manage.py restore`.
"""

import glob
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

DATABASE_FILES = {"sqlite": "db.sqlite3", "postgresql": "db.dump"}


class BackupError(Exception):
    pass


def create_backup(archive_path):
    """Write the database and media to the archive at `archive_path`."""
    vendor = supported_vendor()
    with tempfile.TemporaryDirectory() as folder:
        database_file = Path(folder) / DATABASE_FILES[vendor]
        if vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(database_file) as copy:
                connection.connection.backup(copy)
            copy.close()
        else:
            run_postgres_tool("pg_dump", "--format=custom", f"--file={database_file}")
        manifest = {"vendor": vendor, "created": timezone.now().isoformat()}
        with tarfile.open(archive_path, "w:gz") as archive:
            archive.addfile(*json_member("manifest.json", manifest))
            archive.add(database_file, arcname=database_file.name)
            if Path(settings.MEDIA_ROOT).is_dir():
                archive.add(settings.MEDIA_ROOT, arcname="media")


def restore_backup(archive_path):
    """Replace the database and media with those in the archive at `archive_path`."""
    vendor = supported_vendor()
    with tempfile.TemporaryDirectory() as folder, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(folder, filter="data")
        manifest = json.loads((Path(folder) / "manifest.json").read_text())
        if manifest["vendor"] != vendor:
            raise BackupError(
                f"The archive holds a {manifest['vendor']} database; this site uses {vendor}."
            )
        database_file = Path(folder) / DATABASE_FILES[vendor]
        if vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(database_file) as saved:
                saved.backup(connection.connection)
            saved.close()
        else:
            connection.close()  # pg_restore drops the tables: nothing may hold them
            run_postgres_tool(
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                database_file,
            )
        replace_media(Path(folder) / "media")
    return manifest


def replace_media(saved_media):
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        for entry in media_root.iterdir():
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    if saved_media.is_dir():
        shutil.copytree(saved_media, media_root, dirs_exist_ok=True)


def supported_vendor():
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def run_postgres_tool(tool, *arguments):
    """Run pg_dump or pg_restore on the site's database; raise BackupError if it fails."""
    database = connection.settings_dict
    options = [
        f"--{name}={value}"
        for name, value in [
            ("host", database["HOST"]),
            ("port", database["PORT"]),
            ("username", database["USER"]),
            ("dbname", database["NAME"]),
        ]
        if value
    ]
    environment = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
    command = [postgres_tool(tool), *options, *map(str, arguments)]
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")


def postgres_tool(tool):
    """The tool on PATH, or else the newest in Debian's /usr/lib/postgresql/<version>/bin."""
    installed = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"), key=version_of)
    found = shutil.which(tool) or (installed[-1] if installed else None)
    if not found:
        raise BackupError(f"{tool} is not installed; install the PostgreSQL client tools.")
    return found


def version_of(path):
    version = Path(path).parent.parent.name
    return int(version) if version.isdigit() else 0


def json_member(name, data):
    content = json.dumps(data, indent=2).encode()
    member = tarfile.TarInfo(name)
    member.size = len(content)
    member.mtime = int(timezone.now().timestamp())
    return member, io.BytesIO(content)
