"""An item's views count each reader once a day, and reading it again writes nothing."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terreau.knowledge import services
from terreau.knowledge.models import KnowledgeItem
from terreau.knowledge.tests.helpers import make_item

pytestmark = pytest.mark.django_db


def views(item) -> int:
    return KnowledgeItem.objects.get(pk=item.pk).view_count


def writes(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("UPDATE", "INSERT", "DELETE")]


def test_reading_an_item_again_the_same_day_writes_nothing(client, cast):
    item = make_item(cast)
    url = reverse("knowledge:item", args=[cast.community.slug, item.pk])
    client.force_login(cast.member)
    assert len(writes(client, url)) == 1
    assert writes(client, url) == [] and writes(client, url) == []
    assert views(item) == 1


def test_each_reader_counts_and_each_item_counts(client, cast):
    item, other = make_item(cast), make_item(cast, title="Autre fiche")
    client.force_login(cast.member)
    client.get(reverse("knowledge:item", args=[cast.community.slug, item.pk]))
    client.get(reverse("knowledge:item", args=[cast.community.slug, other.pk]))
    second = Client()
    second.force_login(cast.core_member)
    second.get(reverse("knowledge:item", args=[cast.community.slug, item.pk]))
    assert (views(item), views(other)) == (2, 1)


def test_the_next_day_counts_again(client, cast):
    item = make_item(cast)
    url = reverse("knowledge:item", args=[cast.community.slug, item.pk])
    client.force_login(cast.member)
    client.get(url)
    client.cookies[services.SEEN_COOKIE] = f"20000101.{item.pk}"  # written on another day
    client.get(url)
    assert views(item) == 2


@pytest.mark.parametrize("cookie", ["", "garbage", "20000101", "x.1.2", "20991231." + "9" * 40])
def test_a_cookie_that_does_not_read_right_counts_nothing_as_seen(cookie):
    assert services.items_seen_today(cookie, "20261129") == []


def test_the_cookie_remembers_a_bounded_number_of_items(cast):
    seen = list(range(10_000, 10_000 + services.SEEN_MAX))
    assert services.items_seen_today("20261129." + ".".join(map(str, seen)), "20261129") == seen
    item = make_item(cast)
    remembered = services.item_record_view_once(item, seen)
    assert len(remembered) == services.SEEN_MAX and remembered[-1] == item.pk
    assert services.item_record_view_once(item, remembered) is None
