"""An @-mention names a member however the accents and ligatures of their name are typed."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conftest import make_member, make_user
from terreau.exchanges import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def helene(cast):
    user = make_user("helene@circuits-courts.test", "Hélène Cœur")
    make_member(cast.community, user)
    return user


def test_a_handle_has_no_accents_and_spells_out_ligatures(helene):
    assert services.handle(helene) == "helene-coeur"


@pytest.mark.parametrize("typed", ["@helene-coeur", "@Hélène-Cœur", "@HELENE-COEUR"])
def test_a_mention_finds_the_member_with_or_without_accents(cast, helene, typed):
    assert services.mentioned(cast.community, f"Qu'en pense {typed} ?") == [helene]


def test_a_refusal_quotes_the_name_as_it_was_typed(cast, helene):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.mentioned(cast.community, "Merci @Hélène-Cœur et @Zoé-Inconnue")
    assert refused.value.message_dict["body"][0].startswith("@Zoé-Inconnue: no member of this community")
