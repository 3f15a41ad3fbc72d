"""What comments and the idea box export of a person, and what their erasers change."""

import pytest

from conftest import make_member, make_user
from terreau.comments import personal_data as comment_data
from terreau.comments.models import Comment
from terreau.core.models import Visibility
from terreau.ideas import personal_data as idea_data
from terreau.ideas import services as idea_services
from terreau.ideas.models import Idea, Support
from terreau.knowledge.tests.helpers import make_item

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_comments_the_person_may_still_read(cast):
    shown = make_item(cast, author=cast.member, title="Fiche ouverte", visibility=Visibility.MEMBERS)
    narrowed = make_item(cast, author=cast.member, title="Fiche du noyau", visibility=Visibility.CORE_TEAM)
    for item, body in ((shown, "Lisible"), (narrowed, "Plus lisible")):
        Comment.objects.create(
            community=cast.community, target_kind="knowledge_item", target_id=item.pk, author=cast.observer, body=body
        )
    rows = comment_data.exporter(cast.observer).data["comments"]
    assert [(row["on"], row["body"]) for row in rows] == [("Fiche ouverte", "Lisible")]


def test_a_short_name_typed_in_a_comment_or_an_answer_is_replaced(cast):
    jo = make_user("jo@example.org", "Jo")
    make_member(cast.community, jo)
    item = make_item(cast, author=cast.member, visibility=Visibility.MEMBERS)
    comment = Comment.objects.create(
        community=cast.community,
        target_kind="knowledge_item",
        target_id=item.pk,
        author=cast.member,
        body="Merci Jo, et Joseph aussi.",
    )
    idea = idea_services.idea_propose(actor=jo, community=cast.community, title="Idée de Jo", text="x")
    idea_services.support_toggle(actor=jo, idea=idea)
    idea_services.idea_answer(actor=cast.core_member, idea=idea, status="not_now", answer="Bien vu, Jo.")
    other = idea_services.idea_propose(actor=cast.member, community=cast.community, title="Autre", text="x")
    idea_services.support_toggle(actor=jo, idea=other)
    exported = idea_data.exporter(jo).data
    assert [row["title"] for row in exported["ideas_proposed"]] == ["Idée de Jo"]
    assert {row["title"] for row in exported["ideas_supported"]} == {"Idée de Jo", "Autre"}
    comment_data.eraser(jo, "Ancien membre")
    idea_data.eraser(jo, "Ancien membre")
    comment.refresh_from_db()
    assert comment.body == "Merci Ancien membre, et Joseph aussi."
    assert Idea.objects.get(pk=idea.pk).answer == "Bien vu, Ancien membre."
    # Their support of an idea still open goes, and its count with it; an answered one keeps it.
    assert not Support.objects.filter(idea=other).exists() and Idea.objects.get(pk=other.pk).supports_count == 0
    assert Support.objects.filter(idea=idea, user=jo).exists()
