import pytest
from django.utils import translation

from terreau.accounts.middleware import UserLanguageMiddleware


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """These tests read the English source strings; the French catalogue is the lead's to fill."""
    monkeypatch.setattr(UserLanguageMiddleware, "language_for", staticmethod(lambda request: "en"))
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
