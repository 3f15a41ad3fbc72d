"""The scheduler through the database: emails, digests, unsubscribe links, batched queries, the worker."""

import email.policy
from collections import Counter
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation
from django.utils.translation import gettext

from conftest import build_cast, make_member, make_user
from terreau.emails.models import Email
from terreau.exchanges import mailing, rhythm, services
from terreau.exchanges.models import (
    Frequency,
    Notification,
    NotificationKind,
    NotificationPreference,
    RhythmPolicy,
    SentMessage,
)

from .simulation import Outcome as SimOutcome
from .simulation import assert_ceiling, assert_floor, assert_nothing_dropped, assert_sending_hours

pytestmark = pytest.mark.django_db

MONDAY_10 = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)  # 10:00 in Brussels


def parsed(message) -> Message:
    return message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def parts(message: Message) -> dict[str, str]:
    return {
        part.get_content_type(): part.get_payload(decode=True).decode(part.get_content_charset())
        for part in message.walk()
        if not part.is_multipart()
    }


def set_frequency(cast, user, frequency):
    NotificationPreference.objects.update_or_create(membership=cast.membership(user), defaults={"frequency": frequency})


def tell(cast, users, kind=NotificationKind.ANSWER, text="Julie a répondu", at=MONDAY_10):
    return services.notify(community=cast.community, recipients=users, kind=kind, text=text, url="/q/1/", now=at)


def run(cast, now, capture):
    with capture(execute=True):
        return mailing.rhythm_run(community=cast.community, now=now)


def backdate(cast, days=30, reached=True):
    """Members joined a month ago; `reached`: each received an email two days ago (no floor digest due)."""
    from terreau.communities.models import Membership

    members = Membership.objects.filter(community=cast.community)
    members.update(joined_at=MONDAY_10 - timedelta(days=days))
    if reached:
        SentMessage.objects.bulk_create(
            SentMessage(recipient_id=m.user_id, community=cast.community, sent_at=MONDAY_10 - timedelta(days=2))
            for m in members
        )


def test_an_immediate_notification_arrives_with_both_parts_and_a_one_click_unsubscribe(
    cast, client, django_capture_on_commit_callbacks
):
    backdate(cast)
    tell(cast, [cast.member])
    outcome = run(cast, MONDAY_10 + timedelta(minutes=5), django_capture_on_commit_callbacks)
    assert outcome.individual == 1
    [message] = [m for m in mail.outbox if m.to == [cast.member.email]]
    email = parsed(message)
    assert email["Subject"].startswith("[Circuits courts]")
    header = email["List-Unsubscribe"]
    assert header.startswith("<http") and header.endswith(">")
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    bodies = parts(email)
    assert "Julie a répondu" in bodies["text/plain"] and "Julie a répondu" in bodies["text/html"]
    link = header[1:-1]
    assert link in bodies["text/plain"]
    path = link.split("://", 1)[1].split("/", 1)[1]

    # Without signing in: the page asks, the one-click POST does it, for this member and kind only.
    assert client.get(f"/{path}").status_code == 200
    response = client.post(f"/{path}")
    assert response.status_code == 200 and "no longer receive" in response.content.decode()
    preference = NotificationPreference.objects.get(membership=cast.membership(cast.member))
    assert preference.unsubscribed_kinds == [NotificationKind.ANSWER]
    assert preference.frequency == Frequency.IMMEDIATE
    others = NotificationPreference.objects.exclude(pk=preference.pk)
    assert all(not p.unsubscribed_kinds for p in others)

    # The next answer stays in the app only; a mention still comes by email.
    mail.outbox.clear()
    tell(cast, [cast.member], at=MONDAY_10 + timedelta(hours=1))
    tell(cast, [cast.member], kind=NotificationKind.MENTION, text="Marc vous cite", at=MONDAY_10 + timedelta(hours=1))
    run(cast, MONDAY_10 + timedelta(hours=1, minutes=5), django_capture_on_commit_callbacks)
    assert [parsed(m)["Subject"] for m in mail.outbox] == ["[Circuits courts] Marc vous cite"]
    assert Notification.objects.filter(recipient=cast.member, email_wanted=False).count() == 1


def test_tampered_or_foreign_unsubscribe_links_are_refused(cast, public_cast, client):
    token = mailing.unsubscribe_token(user_id=cast.member.pk, community_id=cast.community.pk, kind="answer")
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for path in (
        f"/c/{cast.community.slug}/unsubscribe/{tampered}/",
        f"/c/{public_cast.community.slug}/unsubscribe/{token}/",  # another community's address
    ):
        response = client.post(path)
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    forged = mailing.unsubscribe_token(user_id=cast.member.pk, community_id=cast.community.pk, kind="everything")
    assert client.post(f"/c/{cast.community.slug}/unsubscribe/{forged}/").status_code == 400
    assert not NotificationPreference.objects.exists()


def test_a_digest_unsubscribe_stops_every_email_of_the_community(cast, client):
    token = mailing.unsubscribe_token(user_id=cast.observer.pk, community_id=cast.community.pk, kind=mailing.ALL_KINDS)
    assert client.post(f"/c/{cast.community.slug}/unsubscribe/{token}/").status_code == 200
    assert NotificationPreference.objects.get(membership=cast.membership(cast.observer)).frequency == Frequency.OFF


def test_beyond_the_ceiling_notifications_are_folded_into_one_digest(cast, django_capture_on_commit_callbacks):
    backdate(cast)
    RhythmPolicy.objects.create(community=cast.community, daily_ceiling=2)
    for index in range(5):
        tell(cast, [cast.member], text=f"Réponse {index}")
    outcome = run(cast, MONDAY_10 + timedelta(minutes=1), django_capture_on_commit_callbacks)
    assert (outcome.individual, outcome.digests) == (1, 1)
    subjects = [parsed(m)["Subject"] for m in mail.outbox if m.to == [cast.member.email]]
    # The digest speaks the member's language (French by default).
    assert subjects == ["[Circuits courts] Réponse 0", "[Circuits courts] 4 nouveautés pour vous"]
    digest = parts(parsed(mail.outbox[-1]))
    assert all(f"Réponse {index}" in digest["text/plain"] for index in range(1, 5))
    assert Notification.objects.filter(recipient=cast.member, emailed_at__isnull=True).count() == 0
    assert Notification.objects.filter(recipient=cast.member, digested_in__isnull=False).count() == 4


def test_a_member_reached_by_nothing_for_a_week_gets_the_weekly_digest(cast, django_capture_on_commit_callbacks):
    backdate(cast, reached=False)
    outcome = run(cast, MONDAY_10, django_capture_on_commit_callbacks)
    # Nobody was ever emailed and everyone joined a month ago: the floor brings one digest each.
    assert outcome.digests == 4
    assert {m.to[0] for m in mail.outbox} == {
        u.email for u in (cast.core_member, cast.facilitator, cast.member, cast.observer)
    }
    assert run(cast, MONDAY_10 + timedelta(hours=1), django_capture_on_commit_callbacks).digests == 0


def test_email_off_members_get_nothing_but_keep_their_notifications(cast, django_capture_on_commit_callbacks):
    backdate(cast)
    set_frequency(cast, cast.observer, Frequency.OFF)
    tell(cast, [cast.observer])
    run(cast, MONDAY_10 + timedelta(minutes=1), django_capture_on_commit_callbacks)
    assert not [m for m in mail.outbox if m.to == [cast.observer.email]]
    assert Notification.objects.filter(recipient=cast.observer, read_at__isnull=True).count() == 1


def _community_of(size):
    cast = build_cast(slug=f"batch-{size}")
    for index in range(size):
        user = make_user(f"m{index}@batch-{size}.test", f"Membre {index}")
        make_member(cast.community, user, joined_at=MONDAY_10 - timedelta(days=30))
        if index % 2:
            NotificationPreference.objects.create(
                membership=cast.membership(user), frequency=Frequency.DAILY if index % 4 == 1 else Frequency.WEEKLY
            )
    from terreau.accounts.models import User

    members = User.objects.filter(memberships__community=cast.community)
    tell(cast, members, text="Nouvelle question")
    tell(cast, members, text="Nouvelle réponse", at=MONDAY_10 + timedelta(minutes=1))
    return cast


def test_the_digest_batch_costs_the_same_queries_for_5_or_60_members(django_capture_on_commit_callbacks):
    counts = {}
    for size in (5, 60):
        cast = _community_of(size)
        with django_capture_on_commit_callbacks(execute=False), CaptureQueriesContext(connection) as queries:
            outcome = mailing.rhythm_run(community=cast.community, now=MONDAY_10 + timedelta(minutes=2))
        assert outcome.individual + outcome.digests > size
        counts[size] = len(queries)
    assert counts[5] == counts[60], counts
    assert counts[60] <= 12


@pytest.mark.django_db(transaction=True)
def test_two_weeks_through_the_task_queue_and_the_worker(task_queue):
    """The property test's promises, replayed through the queue (database or RQ), its worker and the email backend."""
    start = datetime(2026, 3, 23, 6, 0, tzinfo=UTC)  # the week of the daylight-saving change in Brussels
    cast = build_cast()
    from terreau.communities.models import Membership

    Membership.objects.filter(community=cast.community).update(joined_at=start)
    RhythmPolicy.objects.create(community=cast.community, daily_ceiling=2)
    set_frequency(cast, cast.member, Frequency.DAILY)
    set_frequency(cast, cast.observer, Frequency.WEEKLY)
    set_frequency(cast, cast.facilitator, Frequency.OFF)
    people = [cast.core_member, cast.facilitator, cast.member, cast.observer]
    from terreau.exchanges.tasks import rhythm_run_all

    # Bursts of notifications over the first six days, then a quiet week; a pass every 3 hours,
    # all queued at once and drained by one worker run, in order.
    moment, end, step = start, start + timedelta(days=15), 0
    while moment <= end:
        if step % 5 == 0 and moment < start + timedelta(days=6):
            Notification.objects.bulk_create(
                Notification(
                    recipient=user,
                    community=cast.community,
                    kind=NotificationKind.ANSWER,
                    text=f"Nouvelle {step}-{index}",
                    created_at=moment,
                )
                for user in people
                for index in range(3)
            )
        rhythm_run_all.enqueue(now=moment.isoformat())
        moment += timedelta(hours=3)
        step += 1
    task_queue.drain()

    assert Email.objects.filter(status=Email.Status.QUEUED).count() == 0
    assert len(mail.outbox) == SentMessage.objects.count() > 0
    for message in mail.outbox:
        email = parsed(message)
        assert email["List-Unsubscribe"] and set(parts(email)) == {"text/plain", "text/html"}
    for user in people:
        membership = cast.membership(user)
        preference = NotificationPreference.objects.filter(membership=membership).first()
        outcome = SimOutcome(
            rhythm=rhythm.Rhythm(
                frequency=rhythm.Frequency(preference.frequency if preference else "immediate"),
                since=start,
                ceiling=2,
            )
        )
        outcome.sent = [
            rhythm.Sent(at=at, digest=digest)
            for at, digest in SentMessage.objects.filter(recipient=user).values_list("sent_at", "is_digest")
        ]
        notifications = Notification.objects.filter(recipient=user)
        outcome.created = {n.pk: n.created_at for n in notifications}
        outcome.emailed = {n.pk: n.emailed_at for n in notifications if n.emailed_at}
        outcome.pending = {n.pk: n for n in notifications if not n.emailed_at}
        outcome.last_tick = end
        assert_ceiling(outcome)
        assert_sending_hours(outcome)
        assert_floor(outcome)
        assert_nothing_dropped(outcome)
        if user == cast.facilitator:
            assert not outcome.sent and len(outcome.pending) == len(outcome.created)
        else:
            assert not outcome.pending


def test_send_rhythm_queues_the_pass_or_runs_it_at_once(cast, django_capture_on_commit_callbacks):
    from io import StringIO

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_rhythm", "--now", stdout=out)
    assert "digests" in out.getvalue()
    out = StringIO()
    call_command("send_rhythm", stdout=out)
    assert "Queued the rhythm pass" in out.getvalue()


# When the mail server fails ----------------------------------------------------------------


@pytest.fixture
def flaky_server():
    from terreau.emails.tests.backends import FlakyServer

    FlakyServer.reset(MONDAY_10)
    with override_settings(MAILERS={"default": {"BACKEND": "terreau.emails.tests.backends.FlakyServer"}}):
        yield FlakyServer


def test_a_notification_counts_as_emailed_once_its_email_went_out_and_a_late_email_keeps_the_ceiling(
    cast, flaky_server, django_capture_on_commit_callbacks
):
    from zoneinfo import ZoneInfo

    from terreau.emails.services import emails_sweep

    backdate(cast)
    RhythmPolicy.objects.create(community=cast.community, daily_ceiling=2)
    # Down from Monday 10:00 until Tuesday 10:00 (Brussels).
    flaky_server.outages = [(MONDAY_10, MONDAY_10 + timedelta(days=1))]
    said = {
        MONDAY_10: ["Réponse 1", "Réponse 2"],
        MONDAY_10 + timedelta(hours=1): ["Réponse 3"],
        MONDAY_10 + timedelta(days=1, hours=2): ["Réponse 4"],
    }
    moment = MONDAY_10
    while moment < MONDAY_10 + timedelta(days=2, hours=3):
        for text in said.get(moment, []):
            tell(cast, [cast.member], text=text, at=moment)
        flaky_server.clock = moment + timedelta(minutes=5)
        with django_capture_on_commit_callbacks(execute=True):
            emails_sweep(now=flaky_server.clock)
            if moment.minute == 0:
                mailing.rhythm_run(community=cast.community, now=flaky_server.clock)
        if moment == MONDAY_10 + timedelta(hours=2):
            # Queued and retried, not emailed: the next passes leave them be.
            waiting = Notification.objects.filter(recipient=cast.member, text__in=["Réponse 1", "Réponse 2"])
            assert [(n.emailed_at, n.email.status) for n in waiting] == [(None, "queued")] * 2
        moment += timedelta(minutes=30)

    to_member = [(at, subject) for at, to, subject in flaky_server.delivered if to == cast.member.email]
    subjects = sorted(subject for _at, subject in to_member)
    assert subjects == [f"[Circuits courts] Réponse {n}" for n in (1, 2, 3, 4)], "each once, none twice"
    assert not any(MONDAY_10 <= at < MONDAY_10 + timedelta(days=1) for at, _subject in to_member)
    per_day = Counter(at.astimezone(ZoneInfo("Europe/Brussels")).date() for at, _subject in to_member)
    assert max(per_day.values()) <= 2, per_day
    for notification in Notification.objects.filter(recipient=cast.member):
        [sent_at] = [at for at, subject in to_member if subject.endswith(notification.text)]
        assert notification.emailed_at == sent_at == notification.email.sent_at
    assert SentMessage.objects.filter(recipient=cast.member, email__isnull=False).count() == 4


def test_two_weekly_messages_in_one_week_each_reach_inboxes_with_their_own_text(
    cast, django_capture_on_commit_callbacks
):
    backdate(cast)
    set_frequency(cast, cast.observer, Frequency.WEEKLY)  # Monday's digest
    services.weekly_message_send(
        actor=cast.facilitator, community=cast.community, subject="Marché de Ciney", body="Rendez-vous **samedi**."
    )
    services.weekly_message_send(
        actor=cast.facilitator, community=cast.community, subject="Foire de Libramont", body="Stand commun à *Libra*."
    )
    Notification.objects.update(created_at=MONDAY_10 - timedelta(hours=1))
    run(cast, MONDAY_10, django_capture_on_commit_callbacks)

    for user in (cast.core_member, cast.member, cast.facilitator):
        received = {}
        for message in mail.outbox:
            if message.to == [user.email]:
                email = parsed(message)
                received[email["Subject"]] = parts(email)
        assert set(received) == {"[Circuits courts] Marché de Ciney", "[Circuits courts] Foire de Libramont"}
        ciney = received["[Circuits courts] Marché de Ciney"]
        libramont = received["[Circuits courts] Foire de Libramont"]
        assert "Rendez-vous **samedi**." in ciney["text/plain"] and "<strong>samedi</strong>" in ciney["text/html"]
        assert "Libra" not in ciney["text/plain"] + ciney["text/html"]
        assert "Stand commun" in libramont["text/plain"] and "<em>Libra</em>" in libramont["text/html"]
        assert "samedi" not in libramont["text/plain"] + libramont["text/html"]

    [digest] = [parsed(m) for m in mail.outbox if m.to == [cast.observer.email]]
    assert digest["Subject"] == "[Circuits courts] 2 nouveautés pour vous"
    text = parts(digest)["text/plain"]
    assert "Marché de Ciney\n\nRendez-vous **samedi**." in text
    assert "Foire de Libramont\n\nStand commun à *Libra*." in text


# What the emails carry ---------------------------------------------------------------------------


def test_an_answer_email_carries_the_answer_so_it_reads_without_signing_in(cast, django_capture_on_commit_callbacks):
    backdate(cast)
    question = services.question_ask(actor=cast.member, community=cast.community, title="Un camion partagé ?")
    body = "Oui : **la coopérative** en loue un.\n\n<script>alert('x')</script> <b onclick=\"x()\">Voir</b>"
    services.answer_post(actor=cast.core_member, question=question, body=body)
    Notification.objects.filter(recipient=cast.member).update(created_at=MONDAY_10)
    run(cast, MONDAY_10 + timedelta(minutes=5), django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == [cast.member.email]]
    bodies = parts(parsed(message))
    assert "Oui : **la coopérative** en loue un." in bodies["text/plain"]
    html = bodies["text/html"]
    assert "<strong>la coopérative</strong>" in html
    assert "<script" not in html and "onclick" not in html
    assert "<a " not in html.split("</blockquote>")[1].split("Terreau ·")[0]  # short: no link to the rest


def test_a_long_text_ends_on_a_word_with_a_link_to_the_rest(cast, django_capture_on_commit_callbacks):
    backdate(cast)
    long = " ".join(["logistique"] * 400) + " FIN"
    services.notify(
        community=cast.community,
        recipients=[cast.member],
        kind=NotificationKind.ANSWER,
        text="Marc a répondu",
        url="/q/1/",
        now=MONDAY_10,
        body=long,
    )
    run(cast, MONDAY_10 + timedelta(minutes=5), django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == [cast.member.email]]
    bodies = parts(parsed(message))
    text = bodies["text/plain"]
    assert "FIN" not in text and "logistique …" in text and "logistiq\n" not in text
    assert text.count("logistique") <= mailing.EMAIL_TEXT_MAX // len("logistique ") + 1
    with translation.override(cast.member.language):
        read_on, read_link = gettext("Read the rest:"), gettext("Read the rest")
    assert f"{read_on} http" in text and text.split(f"{read_on} ")[1].split()[0].endswith("/q/1/")
    assert f"{read_link}</a>" in bodies["text/html"]


def test_an_email_never_carries_a_text_its_recipient_may_no_longer_see(cast, django_capture_on_commit_callbacks):
    backdate(cast)
    services.notify(
        community=cast.community,
        recipients=[cast.core_member],
        kind=NotificationKind.ANSWER,
        text="Sophie a répondu",
        url="/q/2/",
        now=MONDAY_10,
        visibility="core_team",
        body="Le budget confidentiel du noyau dur.",
    )
    # Left the core team before the email went out: the title they were told stays, the text not.
    cast.membership(cast.core_member).__class__.objects.filter(user=cast.core_member).update(is_core_team=False)
    run(cast, MONDAY_10 + timedelta(minutes=5), django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == [cast.core_member.email]]
    bodies = parts(parsed(message))
    assert "Sophie a répondu" in bodies["text/plain"]
    assert "confidentiel" not in bodies["text/plain"] and "confidentiel" not in bodies["text/html"]


def test_a_digest_carries_the_start_of_each_text(cast, django_capture_on_commit_callbacks):
    backdate(cast)
    set_frequency(cast, cast.member, Frequency.WEEKLY)
    services.notify(
        community=cast.community,
        recipients=[cast.member],
        kind=NotificationKind.FOLLOWED,
        text="Nouvelle réponse",
        url="/q/3/",
        now=MONDAY_10 - timedelta(days=1),
        body="Le *marché du soir* attire les familles. " + "Détails. " * 100,
    )
    run(cast, MONDAY_10 + timedelta(days=7), django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == [cast.member.email]]
    bodies = parts(parsed(message))
    assert "Le *marché du soir* attire les familles." in bodies["text/plain"]
    assert "<em>marché du soir</em>" in bodies["text/html"]
    assert bodies["text/plain"].count("Détails.") < 40


def test_a_newcomer_gets_the_guides_welcome_memo_when_none_was_written(cast, django_capture_on_commit_callbacks):
    newcomer = make_user("arrivee@x.test", "Anna Arrivée")
    newcomer.language = "en"
    newcomer.save(update_fields=["language"])
    membership = make_member(cast.community, newcomer)
    services.member_welcome(membership=membership)
    from django.utils import timezone

    noon = (timezone.now() + timedelta(days=1)).replace(hour=11, minute=0)
    with django_capture_on_commit_callbacks(execute=True):
        mailing.rhythm_run(community=cast.community, user_ids=[newcomer.pk], now=noon)
    [message] = [m for m in mail.outbox if m.to == [newcomer.email]]
    bodies = parts(parsed(message))
    assert "Take part the way that suits you." in bodies["text/plain"]
    assert "<strong>Take part the way that suits you.</strong>" in bodies["text/html"]
    assert "A sponsor from the community can guide you" in bodies["text/plain"]
