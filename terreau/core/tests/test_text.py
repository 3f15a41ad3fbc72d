"""Accent folding: one way, everywhere French words are compared."""

import pytest

from terreau.core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Évaluation", "evaluation"),
        ("Hélène Lefèvre", "helene lefevre"),
        ("Cœur de Gaëlle", "coeur de gaelle"),
        ("ÆTHER Straße", "aether strasse"),
        ("Noël à l’Île-de-France", "noel a l’ile-de-france"),
        ("ﬁlière", "filiere"),  # a typographic ligature
        ("François", "francois"),
        ("", ""),
    ],
)
def test_fold_drops_case_accents_and_ligatures_and_keeps_the_rest(text, folded):
    assert fold(text) == folded


def test_a_word_typed_with_or_without_its_accents_folds_the_same():
    assert fold("PÉPINIÈRE") == fold("pepiniere") == fold("Pépinière")


def test_a_duration_reads_in_hours_and_minutes():
    from django.utils import translation

    from terreau.core.text import duration

    with translation.override("en"):
        assert [duration(m) for m in (45, 120, 75, "x", None)] == ["45 min", "2 h", "1 h 15", "", ""]


def test_an_id_from_a_request_is_ascii_digits_within_a_bigint():
    from terreau.core.text import as_id

    assert as_id("42") == 42 and as_id(7) == 7
    for hostile in ("²", "٣", "9" * 5000, "-1", "1.5", "", None, "12a"):
        assert as_id(hostile) is None


def test_typed_text_loses_the_nul_characters_no_column_holds():
    from terreau.core.text import typed

    assert typed(" a\x00b \n") == "ab" and typed(None) == ""
