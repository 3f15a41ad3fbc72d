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
