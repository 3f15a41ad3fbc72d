"""Every view that honours `next` sends a person back only to this site."""

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.launch.models import Action

pytestmark = pytest.mark.django_db

HOSTILE = [
    "/\\evil.example",  # browsers read the backslash as a slash: //evil.example
    "//evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "\\\\evil.example",
]


def _action(cast):
    return Action.objects.create(community=cast.community, title="Enquête", due_date=timezone.localdate())


def _follow(cast):
    return reverse("exchanges:follow", args=[cast.community.slug]), {"theme": "logistique"}, cast.member


def _community_read(cast):
    return reverse("exchanges:notifications_read", args=[cast.community.slug]), {}, cast.member


def _all_read(cast):
    return reverse("notifications:read"), {}, cast.member


def _action_status(cast):
    url = reverse("launch:action_status", args=[cast.community.slug, _action(cast).pk])
    return url, {"status": "blocked"}, cast.core_member


def _action_delete(cast):
    url = reverse("launch:action_delete", args=[cast.community.slug, _action(cast).pk])
    return url, {}, cast.core_member


def _language(cast):
    return reverse("language_set"), {"language": "en"}, cast.member


VIEWS = {
    "exchanges:follow": (_follow, lambda cast: reverse("exchanges:feed", args=[cast.community.slug])),
    "exchanges:notifications_read": (
        _community_read,
        lambda cast: reverse("exchanges:notifications", args=[cast.community.slug]),
    ),
    "notifications:read": (_all_read, lambda cast: reverse("notifications:all")),
    "launch:action_status": (_action_status, lambda cast: reverse("launch:actions", args=[cast.community.slug])),
    "launch:action_delete": (_action_delete, lambda cast: reverse("launch:actions", args=[cast.community.slug])),
    "language_set": (_language, lambda cast: "/"),
}


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize("target", HOSTILE)
def test_a_next_leading_to_another_site_falls_back_to_the_page_of_the_view(client, cast, name, target):
    build, fallback = VIEWS[name]
    url, data, person = build(cast)
    client.force_login(person)
    response = client.post(url, {**data, "next": target})
    assert response.status_code == 302
    assert response["Location"] == fallback(cast)


@pytest.mark.parametrize("name", VIEWS)
def test_a_next_on_this_site_is_followed_with_its_query_and_anchor(client, cast, name):
    build, _fallback = VIEWS[name]
    url, data, person = build(cast)
    client.force_login(person)
    back = reverse("exchanges:questions", args=[cast.community.slug]) + "?theme=logistique&page=2#answers"
    response = client.post(url, {**data, "next": back})
    assert response.status_code == 302
    assert response["Location"] == back


@pytest.mark.parametrize("name", VIEWS)
def test_a_secure_request_is_not_sent_back_over_plain_http(client, cast, name):
    build, fallback = VIEWS[name]
    url, data, person = build(cast)
    client.force_login(person)
    response = client.post(url, {**data, "next": "http://testserver/"}, secure=True)
    assert response.status_code == 302
    assert response["Location"] == fallback(cast)
