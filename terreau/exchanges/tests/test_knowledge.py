"""A question becomes a knowledge item (exchange memo or good practice), keeping the credit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from terreau.exchanges import permissions as exchanges_permissions
from terreau.exchanges import services
from terreau.exchanges.models import Notification, Question, Verb
from terreau.knowledge.models import ItemStatus, KnowledgeItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(cast):
    question = services.question_ask(
        actor=cast.member, community=cast.community, title="Quel prix pour un panier ?", body="Pour 4 personnes."
    )
    first = services.answer_post(actor=cast.observer, question=question, body="Entre 15 et 20 euros.")
    second = services.answer_post(actor=cast.core_member, question=question, body="Regardez le prix au kilo.")
    services.answer_post(actor=cast.facilitator, question=question, body="Je ne sais pas.")
    services.answer_vote(actor=cast.member, answer=second)
    services.answer_accept(actor=cast.member, answer=first)
    question.refresh_from_db()
    return question


def test_an_exchange_memo_keeps_the_question_the_best_answers_and_the_credit(cast, answered):
    item = services.question_to_knowledge(actor=cast.facilitator, question=answered, item_type="exchange_memo")
    assert item.type == "exchange_memo" and item.status == ItemStatus.DRAFT
    assert item.author == cast.facilitator and item.title == answered.title
    assert item.visibility == answered.visibility
    learned = item.fields["learned"]
    # The accepted answer first, then the useful one; the answer nobody chose is left out.
    assert learned.index("Entre 15 et 20 euros.") < learned.index("Regardez le prix au kilo.")
    assert "Je ne sais pas." not in learned
    assert "Pour 4 personnes." in learned
    assert f"Accepted answer, by {cast.observer}" in learned
    for person in (cast.member, cast.observer, cast.core_member):
        assert str(person) in item.fields["participants"]
    assert f"asked by {cast.member}" in learned
    assert Question.objects.get(pk=answered.pk).knowledge_item == item
    told = set(Notification.objects.filter(verb=Verb.QUESTION_TO_KNOWLEDGE).values_list("recipient", flat=True))
    assert told == {cast.member.pk, cast.observer.pk, cast.core_member.pk}


def test_a_good_practice_names_the_accepted_answerer_as_contact(cast, answered):
    item = services.question_to_knowledge(actor=cast.member, question=answered, item_type="good_practice")
    assert item.type == "good_practice" and item.author == cast.member
    assert item.fields["key_benefits"] == "Entre 15 et 20 euros."
    assert "Pour 4 personnes." in item.fields["why"]
    assert str(cast.core_member) in item.fields["in_practice"]
    assert item.contact.user == cast.observer


def test_who_may_turn_a_question_into_knowledge(cast, answered):
    assert exchanges_permissions.can_turn_into_knowledge(cast.member, answered)  # the asker
    assert exchanges_permissions.can_turn_into_knowledge(cast.facilitator, answered)
    assert exchanges_permissions.can_turn_into_knowledge(cast.core_member, answered)
    assert exchanges_permissions.can_turn_into_knowledge(cast.admin, answered)
    assert not exchanges_permissions.can_turn_into_knowledge(cast.observer, answered)  # an answerer, not the asker
    with pytest.raises(PermissionDenied):
        services.question_to_knowledge(actor=cast.observer, question=answered, item_type="exchange_memo")
    assert not KnowledgeItem.objects.exists()


def test_once_only_with_an_answer_and_a_known_type(cast, answered):
    with pytest.raises(ValidationError):
        services.question_to_knowledge(actor=cast.member, question=answered, item_type="article")
    services.question_to_knowledge(actor=cast.member, question=answered, item_type="exchange_memo")
    with pytest.raises(ValidationError, match="already"):
        services.question_to_knowledge(actor=cast.member, question=answered, item_type="exchange_memo")
    lonely = services.question_ask(actor=cast.member, community=cast.community, title="Personne ?")
    with pytest.raises(ValidationError, match="once it has an answer"):
        services.question_to_knowledge(actor=cast.member, question=lonely, item_type="exchange_memo")
    assert KnowledgeItem.objects.count() == 1


def test_the_button_leads_to_the_items_edit_page_and_the_question_links_to_it(client, cast, answered):
    page = reverse("exchanges:question", args=[cast.community.slug, answered.pk])
    target = reverse("exchanges:question_to_knowledge", args=[cast.community.slug, answered.pk])
    client.force_login(cast.observer)
    assert target not in client.get(page).content.decode()
    assert client.post(target, {"item_type": "exchange_memo"}).status_code == 403

    client.force_login(cast.member)
    assert target in client.get(page).content.decode()
    response = client.post(target, {"item_type": "nonsense"})
    assert response.status_code == 302 and response.url == answered.get_absolute_url()
    assert not KnowledgeItem.objects.exists()

    response = client.post(target, {"item_type": "good_practice"})
    item = KnowledgeItem.objects.get()
    assert response.url == reverse("knowledge:item_edit", args=[cast.community.slug, item.pk])
    assert client.get(response.url).status_code == 200
    shown = client.get(page).content.decode()
    assert reverse("knowledge:item", args=[cast.community.slug, item.pk]) in shown and target not in shown
    # A draft stays out of sight for other members: no link to it for them.
    client.force_login(cast.observer)
    assert reverse("knowledge:item", args=[cast.community.slug, item.pk]) not in client.get(page).content.decode()
