"""Production settings on a scratch database, with the bare view of `bench.urls`.

`bench.run` starts each measurement process with DJANGO_DEBUG=0, TERREAU_HTTPS=0, a temporary
TERREAU_VAR_DIR and, for PostgreSQL, DATABASE_URL naming the scratch database. These settings
refuse any other database, so a benchmark can never write into var/terreau.sqlite3.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from terreau.settings import *  # noqa: F403
from terreau.settings import ALLOWED_HOSTS, BASE_DIR, DATABASES, STORAGES, VAR_DIR

SCRATCH_PG_PREFIX = "terreau_bench"

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
# The compressed manifest storage needs `collectstatic`; server time does not depend on it
# beyond a dictionary lookup per {% static %}.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
STATIC_ROOT = VAR_DIR / "static"

_database = DATABASES["default"]
if _database["ENGINE"].endswith("sqlite3"):
    if Path(_database["NAME"]).resolve().parent == (BASE_DIR / "var").resolve():
        raise ImproperlyConfigured("bench.settings: set TERREAU_VAR_DIR to a scratch directory, never var/.")
elif not str(_database["NAME"]).startswith(SCRATCH_PG_PREFIX):
    raise ImproperlyConfigured(f"bench.settings: the database must be a scratch one named {SCRATCH_PG_PREFIX}*.")
