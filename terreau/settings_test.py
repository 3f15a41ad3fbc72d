"""Test overrides: tasks run at once unless a test asks for the real queue."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from terreau.settings import *  # noqa: E402,F403

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Rate limits are tested explicitly; the browser tests sign in often.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The seeded people accepted nothing; the tests of consent turn the question on (accounts/tests).
TERREAU_CONSENT_REQUIRED = False
# Members' visits and reads are recorded only where a test turns it on (stats/tests): the other
# apps' pinned query counts stay theirs.
TERREAU_STATS_RECORD_VISITS = False
