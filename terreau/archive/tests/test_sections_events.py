import json

from terreau.archive.sections.circles import SECTION as CIRCLES
from terreau.archive.sections.events import SECTION
from terreau.circles.tests.factories import make_circle
from terreau.core.models import Visibility
from terreau.events.models import AgendaItem, Event, Registration
from terreau.events.tests.factories import local, make_event, make_series
from terreau.knowledge.models import ItemStatus, ItemType, KnowledgeItem

from .fakes import assert_same, export, export_queries, knowledge_stub, render, round_trip


def minutes(cast, title, visibility=Visibility.PUBLIC):
    return KnowledgeItem.objects.create(
        community=cast.community,
        type=ItemType.EXCHANGE_MEMO,
        title=title,
        status=ItemStatus.PUBLISHED,
        visibility=visibility,
    )


def meeting(cast, title, *, visibility=Visibility.PUBLIC, day=1, series=None, circle=None, minutes_item=None):
    event = make_event(
        cast.community,
        title=title,
        starts_at=local(cast.community, 2026, 10, day, 18, 0),
        visibility=visibility,
        place="Maison du GAL",
        series=series,
        circle=circle,
        guests_count=2,
    )
    if minutes_item:
        Event.objects.filter(pk=event.pk).update(minutes=minutes_item)
    event.organisers.set([cast.membership(cast.facilitator)])
    AgendaItem.objects.create(event=event, position=1, title="Tour de table", lead=cast.membership(cast.member))
    AgendaItem.objects.create(event=event, position=2, title="Les tournées", notes="**Notes**")
    Registration.objects.create(event=event, user=cast.member, attended=True)
    Registration.objects.create(event=event, user=cast.observer, status=Registration.Status.WAITING)
    return event


def events_of(cast):
    circle = make_circle(cast.community, "Groupe Logistique", visibility=Visibility.PUBLIC)
    series = make_series(cast.community, title="Rencontre mensuelle", visibility=Visibility.PUBLIC)
    meeting(cast, "Rencontre d'octobre", series=series, circle=circle, minutes_item=minutes(cast, "PV d'octobre"))
    meeting(
        cast,
        "Atelier MEMBERS-ONLY",
        visibility=Visibility.MEMBERS,
        day=2,
        minutes_item=minutes(cast, "PV MEMBERS-ONLY", Visibility.MEMBERS),
    )
    meeting(cast, "Réunion CORE-ONLY", visibility=Visibility.CORE_TEAM, day=3)
    meeting(cast, "Publique, PV réservé", day=4, minutes_item=minutes(cast, "PV CORE-ONLY", Visibility.CORE_TEAM))


def test_events_export_agenda_attendance_and_minutes(cast):
    events_of(cast)
    records = export([SECTION], cast.community)[0]["events"]
    assert [record["title"] for record in records] == [
        "Rencontre mensuelle",
        "Rencontre d'octobre",
        "Atelier MEMBERS-ONLY",
        "Publique, PV réservé",
    ]
    october = records[1]
    assert october["series"] == records[0]["id"]
    assert october["minutes"].startswith("knowledge.item:")
    assert october["attendance"] == {"registered": 1, "waiting": 1, "attended": 1, "guests": 2, "recorded_at": None}
    assert [item["title"] for item in october["agenda"]] == ["Tour de table", "Les tournées"]
    assert [r["person"] for r in october["registrations"]] == [f"person:{cast.member.pk}", f"person:{cast.observer.pk}"]
    assert records[3]["minutes"] is None
    assert "CORE-ONLY" not in json.dumps(records)


def test_public_events_hold_counts_not_people(public_cast):
    events_of(public_cast)
    records, ctx = export([SECTION], public_cast.community, "public")
    text = json.dumps(records)
    assert "Rencontre d'octobre" in text
    assert "MEMBERS-ONLY" not in text and "CORE-ONLY" not in text
    assert ctx.people == {}
    assert records["events"][1]["attendance"]["attended"] == 1


def test_events_come_back_the_same(cast):
    events_of(cast)
    records, again, target = round_trip([knowledge_stub(), CIRCLES, SECTION], cast.community, cast.admin)
    assert_same(records, again)
    assert Event.objects.filter(community=target).count() == 3


def test_events_export_in_flat_queries(cast):
    for n in range(10):
        meeting(cast, f"Rencontre {n}", day=1 + n % 28)
    few = export_queries(SECTION, cast.community)
    for n in range(10, 100):
        meeting(cast, f"Rencontre {n}", day=1 + n % 28, minutes_item=minutes(cast, f"PV {n}"))
    assert export_queries(SECTION, cast.community) == few


def test_events_pages_and_markdown_render(cast):
    events_of(cast)
    records, ctx = export([SECTION], cast.community)
    assert records["events"]
    html = render(SECTION, records["events"], ctx.people)
    assert records["events"][0]["title"] in html
