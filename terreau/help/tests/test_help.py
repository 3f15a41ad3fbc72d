import pytest
from django.urls import reverse

from terreau.help import pages


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_help_page_exists_in_both_languages_with_a_title(language):
    for slug in pages.SLUGS:
        page = pages.page(slug, language)
        assert page.title and "TODO" not in page.html, (language, slug)


@pytest.mark.django_db
def test_help_pages_are_served_in_the_readers_language(client):
    assert "Noyau dur" in client.get(reverse("help:page", args=["core-team"])).text or "noyau dur" in (
        client.get(reverse("help:page", args=["core-team"])).text
    )
    client.post(reverse("language_set"), {"language": "en", "next": "/"})
    assert "core team" in client.get(reverse("help:page", args=["core-team"])).text.lower()


@pytest.mark.django_db
def test_an_unknown_help_page_is_not_found(client):
    assert client.get(reverse("help:page", args=["nothing-here"])).status_code == 404
