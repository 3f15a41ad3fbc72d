import pytest
from django.urls import reverse

from terreau.communities import services as community_services
from terreau.exchanges.services import questions
from terreau.knowledge.models import KnowledgeItem
from terreau.stats.models import Activity, Kind

pytestmark = pytest.mark.django_db


def test_asking_and_answering_are_logged_with_the_members_membership(cast):
    question = questions.question_ask(actor=cast.member, community=cast.community, title="Un abattoir mobile ?")
    questions.answer_post(actor=cast.observer, question=question, body="Oui, en Famenne.")
    asked = Activity.objects.get(kind=Kind.QUESTION)
    assert asked.membership == cast.membership(cast.member)
    assert (asked.object_type, asked.object_id) == ("exchanges.question", question.pk)
    assert Activity.objects.get(kind=Kind.ANSWER).membership == cast.membership(cast.observer)


def test_leaving_is_logged(cast):
    community_services.membership_leave(user=cast.observer, community=cast.community)
    assert Activity.objects.get(kind=Kind.LEFT).membership == cast.membership(cast.observer)


def test_a_members_visits_and_reads_are_one_row_a_day(client, cast, settings):
    settings.TERREAU_STATS_RECORD_VISITS = True
    item = KnowledgeItem.objects.create(
        community=cast.community, title="Fiche", type="good_practice", status="published", author=cast.member
    )
    client.force_login(cast.member)
    for _ in range(2):
        assert client.get(reverse("overview:community", args=[cast.community.slug])).status_code == 200
        assert client.get(reverse("knowledge:item", args=[cast.community.slug, item.pk])).status_code == 200
    assert Activity.objects.filter(kind=Kind.CONNECTION).count() == 1
    read = Activity.objects.get(kind=Kind.CONSULTATION)
    assert (read.membership, read.object_type, read.object_id) == (
        cast.membership(cast.member),
        "knowledge.knowledgeitem",
        item.pk,
    )


def test_a_visit_costs_nothing_once_recorded_and_nothing_for_an_outsider(client, cast, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.TERREAU_STATS_RECORD_VISITS = True
    client.force_login(cast.member)
    url = reverse("overview:community", args=[cast.community.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as recorded:
        client.get(url)
    assert not [q for q in recorded.captured_queries if "stats_activity" in q["sql"]]
    client.force_login(cast.outsider)
    client.get(url)
    assert Activity.objects.filter(kind=Kind.CONNECTION).count() == 1


def test_the_erased_persons_rows_stay_as_anonymous_counts(cast):
    from terreau.stats import personal_data

    questions.question_ask(actor=cast.member, community=cast.community, title="Une question")
    assert personal_data.exporter(cast.member).data[0]["kind"] == Kind.QUESTION
    personal_data.eraser(cast.member, "Ancien membre")
    row = Activity.objects.get(kind=Kind.QUESTION)
    assert (row.user, row.membership) == (None, None)
