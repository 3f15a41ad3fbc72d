"""Asking for an archive, building it in the background, the archives page and the download."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from terreau.archive import selectors, services
from terreau.archive.models import Archive, Scope
from terreau.communities.models import Phase
from terreau.core import events

from .helpers import fill, jsonl, members


def test_core_team_asks_and_the_task_builds_it(cast, monkeypatch, django_capture_on_commit_callbacks):
    fill(cast)
    told = []
    handlers = {**events._handlers, events.ARCHIVE_READY: [lambda **payload: told.append(payload)]}
    monkeypatch.setattr(events, "_handlers", handlers)
    with django_capture_on_commit_callbacks(execute=True):
        archive = services.request(actor=cast.core_member, community=cast.community, scope=Scope.MEMBERS)
    archive.refresh_from_db()
    assert archive.status == Archive.Status.READY
    data = archive.file.read()
    assert archive.size == len(data) and archive.sha256 == hashlib.sha256(data).hexdigest()
    assert archive.counts["knowledge.item"] == 2
    assert len(jsonl(members(data)["data/knowledge.jsonl"])) == 2
    assert selectors.latest(cast.community, Scope.MEMBERS) == archive
    assert selectors.latest(cast.community, Scope.PUBLIC) is None
    assert told and told[-1]["archive"] == archive and told[-1]["visibility"] == "members"


def test_one_build_waits_per_scope(cast):
    first = services.request(actor=cast.core_member, community=cast.community, scope=Scope.PUBLIC)
    again = services.request(actor=cast.core_member, community=cast.community, scope=Scope.PUBLIC)
    other = services.request(actor=cast.core_member, community=cast.community, scope=Scope.MEMBERS)
    assert again == first and other != first
    assert Archive.objects.filter(community=cast.community).count() == 2


def test_only_the_core_team_asks_even_once_closed(cast, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):
        services.request(actor=cast.member, community=cast.community, scope=Scope.PUBLIC)
    cast.community.phase = Phase.CLOSED
    cast.community.save(update_fields=["phase"])
    with django_capture_on_commit_callbacks(execute=True):
        archive = services.request(actor=cast.core_member, community=cast.community, scope=Scope.PUBLIC)
    archive.refresh_from_db()
    assert archive.status == Archive.Status.READY


def test_a_failed_build_says_so(cast, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.builder, "write", broken)
    with django_capture_on_commit_callbacks(execute=True):
        archive = services.request(actor=cast.core_member, community=cast.community, scope=Scope.PUBLIC)
    archive.refresh_from_db()
    assert archive.status == Archive.Status.FAILED and "disk full" in archive.error


def test_page_and_downloads(client, cast, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    fill(cast)
    client.force_login(cast.core_member)
    page = reverse("archive:list", args=[cast.community.slug])
    assert "Build a new archive" in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("archive:request", args=[cast.community.slug]), {"scope": "members"})
    assert response.status_code == 302
    archive = Archive.objects.get(community=cast.community, scope=Scope.MEMBERS)
    download = reverse("archive:download", args=[cast.community.slug, archive.token])
    with django_assert_max_num_queries(12):
        html = client.get(page).content.decode()
    assert download in html
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content) == archive.file.open("rb").read()
    # A member downloads it but does not build; someone outside is told it does not exist.
    client.force_login(cast.member)
    html = client.get(page).content.decode()
    assert download in html and "Build a new archive" not in html
    assert client.get(download).status_code == 200
    client.force_login(cast.outsider)
    assert download not in client.get(page).content.decode()
    assert client.get(download).status_code == 404


def test_page_polls_while_building(client, cast):
    services.request(actor=cast.core_member, community=cast.community, scope=Scope.PUBLIC)
    client.force_login(cast.core_member)
    html = client.get(reverse("archive:list", args=[cast.community.slug])).content.decode()
    assert 'hx-trigger="every 5s"' in html and "Waiting to be built" in html


def test_community_page_links_to_an_archive_the_reader_may_download(client, cast, django_capture_on_commit_callbacks):
    page = reverse("overview:community", args=[cast.community.slug])
    archives = reverse("archive:list", args=[cast.community.slug])
    client.force_login(cast.member)
    assert archives not in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.request(actor=cast.core_member, community=cast.community, scope=Scope.MEMBERS)
    assert archives in client.get(page).content.decode()
    client.force_login(cast.outsider)
    assert archives not in client.get(page).content.decode()
