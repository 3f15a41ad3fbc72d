"""The production set-up is chosen by environment variables alone: Redis, the RQ queue, S3 uploads.

Each case loads terreau/settings.py afresh under the given environment (the running settings stay).
"""

import importlib.util
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import InMemoryStorage
from django.urls import reverse

from terreau.knowledge import services
from terreau.knowledge.tests.helpers import PDF, make_item, pdf_upload

PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "terreau.example.org"}
SWITCHES = [
    "TERREAU_REDIS_URL",
    "REDIS_URL",
    "TERREAU_RQ_URL",
    "TERREAU_TASKS_BACKEND",
    "TERREAU_S3_BUCKET",
    "TERREAU_S3_ENDPOINT_URL",
    "TERREAU_S3_ACCESS_KEY_ID",
    "TERREAU_S3_SECRET_ACCESS_KEY",
    "DJANGO_CACHE_BACKEND",
]


def settings_under(monkeypatch, **environment):
    for name in SWITCHES:
        monkeypatch.delenv(name, raising=False)
    for name, value in {**PRODUCTION, **environment}.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        "settings_under_test", Path(__file__).resolve().parents[1] / "terreau/settings.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_without_redis_everything_stays_in_the_database(monkeypatch):
    settings = settings_under(monkeypatch)
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.TASKS == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert "django_rq" not in settings.INSTALLED_APPS
    assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert settings.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE


def test_a_redis_url_moves_cache_sessions_rate_limits_and_tasks_to_redis(monkeypatch):
    settings = settings_under(monkeypatch, TERREAU_REDIS_URL="redis://cache.internal:6379/2")
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert settings.CACHES["default"]["LOCATION"] == "redis://cache.internal:6379/2"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert settings.RATELIMIT_USE_CACHE == "default"
    assert settings.TASKS["default"]["BACKEND"] == "terreau.core.tasks.RQBackend"
    assert settings.TASKS["default"]["QUEUES"] == ["high", "default"]
    assert {queue["URL"] for queue in settings.RQ_QUEUES.values()} == {"redis://cache.internal:6379/2"}
    assert "django_rq" in settings.INSTALLED_APPS
    # REDIS_URL (as platforms name it) works too; the database queue can be kept with Redis.
    settings = settings_under(monkeypatch, REDIS_URL="redis://r:6379/0", TERREAU_TASKS_BACKEND="db")
    assert settings.CACHES["default"]["LOCATION"] == "redis://r:6379/0"
    assert settings.TASKS == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_rq_queue_without_redis_is_refused_with_a_clear_message(monkeypatch):
    with pytest.raises(RuntimeError, match="TERREAU_REDIS_URL"):
        settings_under(monkeypatch, TERREAU_TASKS_BACKEND="rq")


def test_a_bucket_puts_uploads_on_private_s3_compatible_storage(monkeypatch):
    settings = settings_under(
        monkeypatch,
        TERREAU_S3_BUCKET="terreau-uploads",
        TERREAU_S3_ENDPOINT_URL="https://s3.example.org",
        TERREAU_S3_ACCESS_KEY_ID="key",
        TERREAU_S3_SECRET_ACCESS_KEY="secret",
    )
    storage = settings.STORAGES["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "terreau-uploads" and options["endpoint_url"] == "https://s3.example.org"
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    # The storage class accepts these options as they are (no request is made).
    from storages.backends.s3 import S3Storage

    built = S3Storage(**options)
    assert built.bucket_name == "terreau-uploads" and built.location == "media"


class RemoteStorage(InMemoryStorage):
    """A storage that is not the file system, like S3 (files in memory), whose URLs must never be handed out."""

    def url(self, name):
        raise AssertionError("a private upload's storage URL was handed out")


@pytest.fixture
def remote_storage(settings):
    # Django rebuilds default_storage (which FileFields use) when STORAGES changes.
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.RemoteStorage"}}


@pytest.mark.django_db
def test_private_uploads_on_remote_storage_go_through_terreaus_permission_checks(client, cast, remote_storage):
    item = make_item(cast)
    members = services.attachment_add(actor=cast.member, item=item, upload=pdf_upload(), visibility="members")
    core = services.attachment_add(actor=cast.member, item=item, upload=pdf_upload("noyau.pdf"), visibility="core_team")
    assert isinstance(members.file.storage._wrapped, RemoteStorage)

    def download(attachment):
        return client.get(reverse("knowledge:attachment", args=[cast.community.slug, attachment.pk]))

    client.force_login(cast.observer)
    response = download(members)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert download(core).status_code == 404  # exists, but not for an observer
    client.force_login(cast.outsider)
    assert download(members).status_code == 404
    client.force_login(cast.core_member)
    assert b"".join(download(core).streaming_content) == PDF
    # The export reads the files from the storage too.
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(client.get(reverse("knowledge:export", args=[cast.community.slug])).streaming_content))
    )
    assert PDF in [archive.read(name) for name in archive.namelist()]


def test_check_deploy_stays_clean_with_redis_rq_and_s3():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        **PRODUCTION,
        "DJANGO_SETTINGS_MODULE": "terreau.settings",
        "DJANGO_SECRET_KEY": "x7!Qm2#pL9vR4$tZ8wK1^nB6&hJ3*cF5(dS0)gA-yU+eI=oP~rT",
        "TERREAU_REDIS_URL": "redis://127.0.0.1:6379/15",  # not contacted by the checks
        "TERREAU_S3_BUCKET": "terreau-uploads",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "no issues" in result.stdout, result.stdout + result.stderr
