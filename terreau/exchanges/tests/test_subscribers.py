"""What the other apps announce reaches members here: the feed (so the digest and the weekly
message's draft) and the notifications, never beyond the visibility of what they name."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from terreau.calls import services as call_services
from terreau.calls.tests.factories import apply, open_call
from terreau.charter import services as charter_services
from terreau.charter.tests.helpers import adopt, write
from terreau.communities import services as community_services
from terreau.communities.models import Membership
from terreau.core.models import Visibility
from terreau.exchanges import mailing, selectors, services
from terreau.exchanges.models import FeedItem, Frequency, Notification, NotificationPreference
from terreau.knowledge import services as knowledge_services
from terreau.knowledge.models import KnowledgeItem
from terreau.knowledge.tests.helpers import make_item
from terreau.launch import services as launch_services
from terreau.launch.models import Action

pytestmark = pytest.mark.django_db


def feed_lines(user, cast) -> list[str]:
    return [line.message for line in selectors.feed(user, cast.community)]


def told(user, url) -> list[str]:
    return [n.message for n in Notification.objects.filter(recipient=user, url=url)]


def tomorrow_at_ten() -> datetime:
    """A moment within every member's sending hours, after whatever the test just wrote."""
    day = timezone.localdate() + timedelta(days=1)
    return datetime.combine(day, time(10), tzinfo=timezone.get_default_timezone())


def rhythm_pass(cast, now, capture):
    Membership.objects.filter(community=cast.community).update(joined_at=now - timedelta(days=30))
    with capture(execute=True):
        return mailing.rhythm_run(community=cast.community, now=now)


@pytest.fixture
def theme(cast):
    return community_services.theme_get_or_create(
        actor=cast.core_member, community=cast.community, name="vente directe"
    )


def update(item, actor, **changes):
    item = KnowledgeItem.objects.get(pk=item.pk)
    values = {"title": item.title, "fields": item.fields, "visibility": item.visibility, "note": "", **changes}
    return knowledge_services.item_update(actor=actor, item=item, base_version=item.version, **values)


# Knowledge -----------------------------------------------------------------------------------


def test_a_published_knowledge_item_reaches_the_feed_the_followers_notifications_and_the_digest(
    cast, client, theme, django_capture_on_commit_callbacks
):
    services.follow_toggle(actor=cast.member, community=cast.community, theme=theme)
    NotificationPreference.objects.create(membership=cast.membership(cast.member), frequency=Frequency.DAILY)
    item = make_item(cast, author=cast.facilitator, themes=[theme], publish=False)
    url = item.get_absolute_url()
    assert feed_lines(cast.member, cast) == [] and told(cast.member, url) == []  # a draft is no news

    knowledge_services.item_set_status(actor=cast.core_member, item=item, action="publish")

    line = f"Marc Dubois published in the knowledge base: {item.title}"
    assert feed_lines(cast.member, cast) == [line]
    assert told(cast.member, url) == [f"New in the knowledge base: {item.title}"]
    assert told(cast.observer, url) == []  # follows no theme
    # The weekly message's draft holds it.
    client.force_login(cast.facilitator)
    draft = client.get(reverse("exchanges:weekly", args=[cast.community.slug])).context["form"].initial["body"]
    assert line in draft
    # The member's daily digest carries it twice: for them, and among the week's highlights.
    rhythm_pass(cast, tomorrow_at_ten(), django_capture_on_commit_callbacks)
    [digest] = [m for m in mail.outbox if m.to == [cast.member.email]]
    assert digest.body.count(item.title) == 2
    # Published again after an archive, it is not news a second time.
    knowledge_services.item_set_status(actor=cast.core_member, item=item, action="archive")
    knowledge_services.item_set_status(actor=cast.core_member, item=item, action="publish")
    assert feed_lines(cast.member, cast) == [line] and len(told(cast.member, url)) == 1


def test_a_core_team_item_never_reaches_members_but_reaches_the_core_team(
    cast, client, theme, django_capture_on_commit_callbacks
):
    for person in (cast.member, cast.core_member):
        services.follow_toggle(actor=person, community=cast.community, theme=theme)
    item = make_item(
        cast,
        author=cast.core_member,
        title="Budget du GAL",
        themes=[theme],
        visibility=Visibility.CORE_TEAM,
        publish=False,
    )
    url = item.get_absolute_url()
    knowledge_services.item_set_status(actor=cast.admin, item=item, action="publish")

    assert feed_lines(cast.core_member, cast) == ["Camille Admin published in the knowledge base: Budget du GAL"]
    assert told(cast.core_member, url) == ["New in the knowledge base: Budget du GAL"]
    assert feed_lines(cast.member, cast) == [] and told(cast.member, url) == []
    assert not [line for line in selectors.week_activity(cast.community)["items"] if line.url == url]
    rhythm_pass(cast, tomorrow_at_ten(), django_capture_on_commit_callbacks)
    carrying = {m.to[0] for m in mail.outbox if "Budget du GAL" in m.body}
    assert carrying == {cast.core_member.email}
    assert len({m.to[0] for m in mail.outbox}) == 4  # every member had an email, the others without it


def test_a_published_item_saved_with_a_note_is_news_and_a_small_fix_is_not(cast):
    item = make_item(cast, title="Carte des points de vente")
    published = "Marc Dubois published in the knowledge base: Carte des points de vente"
    update(item, cast.member, title="Carte des points de vente")  # a typo fixed, no note
    assert feed_lines(cast.observer, cast) == [published]
    update(item, cast.member, note="Les marchés de 2026 ajoutés")
    assert feed_lines(cast.observer, cast) == [
        "Julie Martin updated Carte des points de vente: Les marchés de 2026 ajoutés",
        published,
    ]
    draft = make_item(cast, title="Brouillon", publish=False)
    update(draft, cast.member, note="Relu")
    assert len(feed_lines(cast.observer, cast)) == 2  # a draft's versions are nobody's news


def test_an_item_narrowed_to_the_core_team_leaves_the_members_feed(cast):
    item = make_item(cast, title="Contacts des cantines")
    assert len(feed_lines(cast.member, cast)) == 1
    update(item, cast.core_member, visibility=Visibility.CORE_TEAM, note="Réservé au noyau")
    assert feed_lines(cast.member, cast) == []
    assert len(feed_lines(cast.core_member, cast)) == 2
    week = mailing.week_in(cast.community, mailing.policy_for(cast.community), timezone.now())
    assert week.highlights == []  # the digest's highlights


def test_the_note_typed_in_the_edit_form_tells_the_feed(client, cast):
    item = make_item(cast, title="Paniers collectifs")
    client.force_login(cast.member)
    form = client.get(reverse("knowledge:item_edit", args=[cast.community.slug, item.pk])).context["form"]
    data = {
        "title": "Paniers collectifs",
        "visibility": "members",
        "base_version": form.initial["base_version"],
        "note": "Les points de dépôt de Ciney",
        **{f"f-{name}": value for name, value in item.fields.items()},
    }
    response = client.post(reverse("knowledge:item_edit", args=[cast.community.slug, item.pk]), data)
    assert response.status_code == 302
    assert "Julie Martin updated Paniers collectifs: Les points de dépôt de Ciney" in feed_lines(cast.observer, cast)
    assert item.versions.get(number=2).note == "Les points de dépôt de Ciney"


# Calls ---------------------------------------------------------------------------------------


def test_the_core_team_is_told_of_a_new_application(cast, client, django_capture_on_commit_callbacks):
    Membership.objects.filter(user=cast.facilitator).update(is_core_team=True)
    call = open_call(cast, title="Rejoignez les circuits courts")
    apply(call, name="Léa Dupont")
    review = reverse("calls:applications", args=[cast.community.slug, call.pk])

    told_of = Notification.objects.filter(url=review)
    assert {n.recipient for n in told_of} == {cast.core_member, cast.facilitator}
    assert {n.message for n in told_of} == {"Léa Dupont answered the call: Rejoignez les circuits courts"}
    # Their email goes through the rhythm like any notification (immediate by default).
    rhythm_pass(cast, tomorrow_at_ten(), django_capture_on_commit_callbacks)
    emailed = {m.to[0] for m in mail.outbox if "Léa Dupont" in m.subject}
    assert emailed == {cast.core_member.email, cast.facilitator.email}
    assert not [m for m in mail.outbox if "Léa Dupont" in m.body and m.to == [cast.member.email]]
    client.force_login(cast.core_member)
    assert client.get(review).status_code == 200


def test_a_call_is_in_the_feed_once_open_beyond_the_core_team(cast):
    call = open_call(cast, title="Appel aux transformateurs", visibility=Visibility.CORE_TEAM)
    assert feed_lines(cast.core_member, cast) == []  # a draft the core team prepares
    fields = {"title": call.title, "text": call.text, "closes_on": call.closes_on, "questions": []}
    call_services.call_update(actor=cast.core_member, call=call, visibility=Visibility.MEMBERS, **fields)
    call_services.call_update(actor=cast.core_member, call=call, visibility=Visibility.MEMBERS, **fields)
    opened = "Marc Dubois opened a call for expressions of interest: Appel aux transformateurs"
    assert feed_lines(cast.member, cast) == [opened]
    assert selectors.feed(cast.member, cast.community).get().url == call.get_absolute_url()


# Charter -------------------------------------------------------------------------------------


@pytest.mark.parametrize("visibility", [Visibility.MEMBERS, Visibility.CORE_TEAM])
def test_the_adopted_charter_is_in_the_feed_for_whoever_may_read_it(cast, visibility):
    version = write(cast, "Partager les pratiques de vente directe.")
    charter_services.charter_save(
        community=cast.community,
        actor=cast.core_member,
        sections={"purpose": "Partager les pratiques."},
        base_number=version.number,
        visibility=visibility,
    )
    adopt(cast, 2)  # by the core team's consent: the decision, then the charter it adopts
    lines = {"Version 2 of the charter is adopted by consent", "Decision adopted by consent: Charter, version 2"}
    assert set(feed_lines(cast.core_member, cast)) == lines
    assert set(feed_lines(cast.member, cast)) == (lines if visibility == Visibility.MEMBERS else set())


# Action plan ---------------------------------------------------------------------------------


def test_a_blocked_action_tells_its_owners_and_the_core_team_and_a_done_one_the_feed(cast):
    Membership.objects.filter(user=cast.facilitator).update(is_core_team=True)
    action = Action(community=cast.community, title="Contacter les cantines", visibility=Visibility.MEMBERS)
    launch_services.action_save(actor=cast.core_member, action=action, owners=[cast.membership(cast.member)])

    launch_services.action_set_status(actor=cast.core_member, action=action, status=Action.Status.BLOCKED)
    launch_services.action_set_status(actor=cast.core_member, action=action, status=Action.Status.BLOCKED)
    blocked = Notification.objects.filter(verb="action_blocked")
    assert sorted(n.recipient.display_name for n in blocked) == ["Julie Martin", "Sophie Lambert"]
    assert {n.message for n in blocked} == {"Marc Dubois marked an action blocked: Contacter les cantines"}
    assert feed_lines(cast.member, cast) == []

    action = Action.objects.get(pk=action.pk)
    action.status = Action.Status.DONE
    launch_services.action_save(actor=cast.core_member, action=action)
    assert feed_lines(cast.member, cast) == ["Marc Dubois marked an action done: Contacter les cantines"]
    assert FeedItem.objects.get().url.endswith(f"#action-{action.pk}")
