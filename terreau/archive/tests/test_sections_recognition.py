import json

from django.utils import timezone

from terreau.archive.sections.recognition import SECTION
from terreau.closing.models import Recipient, Recognition
from terreau.core.models import Visibility

from .fakes import assert_same, export, export_queries, render, round_trip

TEXT = "## Merci\n\nÀ **toutes** celles et ceux qui ont porté la communauté."


def recognition(cast, visibility=Visibility.PUBLIC, published=True):
    Recipient.objects.create(
        community=cast.community, organisation="Réseau wallon", contact_name="CONTACT", email="contact@reseau.test"
    )
    return Recognition.objects.create(
        community=cast.community,
        title="Cinq ans de circuits courts",
        text=TEXT,
        visibility=visibility,
        published_at=timezone.now() if published else None,
        updated_by=cast.core_member,
    )


def test_the_published_recognition_is_archived_without_the_recipients(cast):
    recognition(cast)
    [record] = export([SECTION], cast.community)[0]["recognition"]
    assert record["text"] == TEXT and record["visibility"] == "public"
    text = json.dumps(record)
    assert "CONTACT" not in text and "@" not in text


def test_a_draft_recognition_is_not_archived(cast):
    recognition(cast, published=False)
    assert export([SECTION], cast.community)[0]["recognition"] == []


def test_public_archive_holds_a_public_recognition_only(public_cast):
    recognition(public_cast, visibility=Visibility.MEMBERS)
    assert export([SECTION], public_cast.community, "public")[0]["recognition"] == []
    Recognition.objects.update(visibility=Visibility.PUBLIC)
    assert len(export([SECTION], public_cast.community, "public")[0]["recognition"]) == 1


def test_recognition_comes_back_the_same(cast):
    recognition(cast)
    records, again, target = round_trip([SECTION], cast.community, cast.admin)
    assert_same(records, again)
    assert Recognition.objects.get(community=target).text == TEXT
    assert not Recipient.objects.filter(community=target).exists()


def test_recognition_export_in_one_query(cast):
    recognition(cast)
    assert export_queries(SECTION, cast.community) == 1


def test_recognition_pages_and_markdown_render(cast):
    recognition(cast)
    records, ctx = export([SECTION], cast.community)
    assert records["recognition"]
    html = render(SECTION, records["recognition"], ctx.people)
    assert records["recognition"][0]["title"] in html
