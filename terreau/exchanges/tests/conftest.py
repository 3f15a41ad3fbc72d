import pytest
from django.utils import translation

from terreau.accounts.middleware import UserLanguageMiddleware


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """These tests read the English source strings; the French interface is tested elsewhere."""
    monkeypatch.setattr(UserLanguageMiddleware, "language_for", staticmethod(lambda request: "en"))
    with translation.override("en"):
        yield
