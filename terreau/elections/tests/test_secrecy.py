"""Nominations stay secret until the reveal: looked for in every output a person can reach.

Each participant nominates with a reason carrying a word of its own, and one nominates a member
outside the circle whose name appears nowhere else (but in the lists to choose a person from,
which name every member). Before the reveal, no page of the elections (every URL, as every
person), no feed line, notification, email, personal-data export or CSV shows anyone's reason
or that nominee, except to the person who wrote it; after the reveal, the election's page shows
them all.
"""

import json
import re

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

import conftest
from terreau.accounts import services as account_services
from terreau.emails.models import Email
from terreau.exchanges import mailing
from terreau.exchanges.models import FeedItem, Notification

from ..services import elections as services
from .factories import make_election, move

PEOPLE = ["core_member", "facilitator", "member", "observer", "outsider", "admin"]
SECRET_NAME = "Zéphyrine Quillebeuf"


def _reasons(cast):
    writers = ["core_member", "facilitator", "member", "observer"]
    return {person: f"Raison{person.title().replace('_', '')}Qx" for person in writers}


@pytest.fixture
def secret_world(cast):
    hidden = conftest.make_member(cast.community, conftest.make_user("zephyrine@circuits-courts.test", SECRET_NAME))
    election = make_election(cast)
    move(election, cast.facilitator, "open_nominations")
    reasons = _reasons(cast)
    nominees = {"core_member": hidden, "facilitator": cast.membership(cast.member)}
    for person, reason in reasons.items():
        nominee = nominees.get(person, cast.membership(cast.core_member))
        if person == "observer":
            # Written down by the facilitator for someone present: the facilitator still sees nothing after.
            services.nominate(
                actor=cast.facilitator,
                election=election,
                nominee=nominee,
                reason=reason,
                for_member=cast.membership(cast.observer),
            )
        else:
            services.nominate(actor=getattr(cast, person), election=election, nominee=nominee, reason=reason)
    election.refresh_from_db()
    return election, reasons, hidden


def _without_choices(html: str) -> str:
    """The page without its lists to choose a person from (they name every member)."""
    return re.sub(r"<select.*?</select>", "", html, flags=re.S)


def _urls(cast, election):
    slug = cast.community.slug
    return [
        reverse("elections:list", args=[slug]),
        reverse("elections:detail", args=[slug, election.pk]),
        reverse("elections:live", args=[slug, election.pk]),
        reverse("elections:create", args=[slug]),
        reverse("elections:calls", args=[slug]),
        reverse("exchanges:feed", args=[slug]),
        reverse("exchanges:notifications", args=[slug]),
        reverse("communities:roles", args=[slug]),
        reverse("communities:who_does_what_csv", args=[slug]),
        reverse("audit:log", args=[slug]),
        reverse("audit:csv", args=[slug]),
        reverse("overview:community", args=[slug]),
    ]


def _leaks(text: str, secrets: list[str]) -> list[str]:
    return [word for word in secrets if word.lower() in text.lower()]


def test_no_page_shows_a_nomination_before_the_reveal_but_to_its_writer(client, cast, secret_world):
    election, reasons, _hidden = secret_world
    for person in PEOPLE:
        user = getattr(cast, person)
        client.force_login(user)
        others = [reason for writer, reason in reasons.items() if writer != person]
        secrets = [*others, *([] if person == "core_member" else [SECRET_NAME])]
        for path in _urls(cast, election):
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = _without_choices(body.decode())
            assert not _leaks(text, secrets), (person, path, _leaks(text, secrets))
        # The posts re-render the pages too (with errors): nothing more there.
        for name in ["nominate", "answer", "propose", "move"]:
            path = reverse(f"elections:{name}", args=[cast.community.slug, election.pk])
            response = client.post(path, {"from": "live"})
            assert not _leaks(_without_choices(response.content.decode()), secrets), (person, name)
        if person in reasons and person != "observer":
            own = client.get(reverse("elections:detail", args=[cast.community.slug, election.pk])).content.decode()
            assert reasons[person] in own  # the writer reads their own


def test_no_feed_line_notification_email_or_export_tells_a_nomination(cast, secret_world):
    election, reasons, hidden = secret_world
    secrets = [*reasons.values(), SECRET_NAME]
    feed = json.dumps(list(FeedItem.objects.values()), cls=DjangoJSONEncoder)
    assert not _leaks(feed, secrets)
    notes = list(Notification.objects.all())
    assert notes  # the participants were asked to nominate
    assert not _leaks(" ".join(f"{n.message} {n.body} {n.params}" for n in notes), secrets)
    mailing.rhythm_run(community=cast.community)
    emails = " ".join(f"{e.subject} {e.text} {e.html}" for e in Email.objects.all())
    assert not _leaks(emails, secrets)
    for person in ["core_member", "facilitator", "member", "observer"]:
        exported = json.dumps(
            {app: part.data for app, part in account_services.account_export(user=getattr(cast, person)).items()},
            cls=DjangoJSONEncoder,
        )
        others = [reason for writer, reason in reasons.items() if writer != person]
        assert not _leaks(exported, others), person
    # The person nominated without knowing it: their export says nothing of it before the reveal.
    exported = json.dumps(
        {app: part.data for app, part in account_services.account_export(user=hidden.user).items()},
        cls=DjangoJSONEncoder,
    )
    assert not _leaks(exported, list(reasons.values()))


def test_after_the_reveal_everyone_who_sees_the_election_reads_every_nomination(client, cast, secret_world):
    election, reasons, hidden = secret_world
    move(election, cast.facilitator, "reveal")
    for person in ["core_member", "member", "observer", "admin"]:
        client.force_login(getattr(cast, person))
        page = client.get(reverse("elections:detail", args=[cast.community.slug, election.pk])).content.decode()
        assert all(reason in page for reason in reasons.values()), person
        assert SECRET_NAME in _without_choices(page)
    exported = json.dumps(
        {app: part.data for app, part in account_services.account_export(user=hidden.user).items()},
        cls=DjangoJSONEncoder,
    )
    assert reasons["core_member"] in exported  # now theirs to read
