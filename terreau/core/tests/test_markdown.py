"""Markdown becomes safe HTML, the same each time, built once per text within a process."""

from unittest import mock

import pytest

from terreau.core import markdown


@pytest.fixture(autouse=True)
def empty_cache():
    markdown.cache_clear()
    yield
    markdown.cache_clear()


def test_markdown_becomes_sanitised_html():
    html = markdown.render("**gras** <script>alert(1)</script> [lien](javascript:alert(1)) [site](https://gal.be)")
    assert "<strong>gras</strong>" in html
    assert "<script" not in html and "javascript:" not in html
    assert 'href="https://gal.be"' in html and 'rel="noopener noreferrer"' in html


def test_a_text_shown_again_is_not_parsed_again():
    text = "- une tournée\n- un *point de collecte*"
    first = markdown.render(text)
    with mock.patch.object(markdown, "_to_html", side_effect=AssertionError("parsed again")):
        assert markdown.render(text) == first


def test_one_text_does_not_leak_into_the_next():
    """The parser is reused: footnotes and abbreviations of one text stay out of the next."""
    with_footnote = markdown.render(
        "Voir la note[^1].\n\n[^1]: Le compte rendu.\n\n*[GAL]: Groupe d'action locale\n\nGAL"
    )
    assert "Le compte rendu" in with_footnote and "<abbr" in with_footnote
    plain = markdown.render("Un GAL, sans note.")
    assert "Le compte rendu" not in plain and "<abbr" not in plain and "footnote" not in plain


def test_the_cache_stays_within_its_bound(monkeypatch):
    monkeypatch.setattr(markdown, "CACHE_CHARACTERS", 200)
    for index in range(50):
        markdown.render(f"Paragraphe {index} " + "du texte " * 5)
    assert 0 < markdown._cache_size <= 200
    assert sum(len(html) for html in markdown._cache.values()) == markdown._cache_size
    # The latest is kept, the first is gone.
    assert markdown.render("Paragraphe 0 " + "du texte " * 5).startswith("<p>Paragraphe 0")
