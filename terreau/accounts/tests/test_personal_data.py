"""The canary: a person whose name and address carry a unique string acts everywhere, downloads
their data (the string is there), deletes their account; then the string is searched in every
table of the database and every export and page Terreau offers: it is found nowhere, and what
the person gave is still there, signed by the neutral name."""

import datetime
import io
import json
import zipfile

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from conftest import make_member, make_user
from terreau.accounts import services as account_services
from terreau.accounts.models import User
from terreau.calls import services as calls_services
from terreau.charter import services as charter_services
from terreau.communities import services as community_services
from terreau.communities.models import Membership
from terreau.core import personal_data
from terreau.core.models import Visibility
from terreau.definition.models import Stakeholder, StakeholderConversation
from terreau.emails import services as email_services
from terreau.events.models import CalendarKey, Registration
from terreau.events.services import calendar_keys
from terreau.events.services import events as event_services
from terreau.events.services import minutes as minutes_services
from terreau.events.services import registrations as registration_services
from terreau.events.tests.factories import make_event
from terreau.exchanges.models import Answer, Notification, Question, Verb
from terreau.exchanges.services import follows, kudos, questions
from terreau.exchanges.services import help as help_services
from terreau.knowledge import services as knowledge_services
from terreau.knowledge.models import ItemType, KnowledgeItem, KnowledgeVersion
from terreau.knowledge.tests.helpers import FIELDS, pdf_upload
from terreau.launch import services as launch_services
from terreau.launch.models import Action
from terreau.lifecycle import services as lifecycle_services

CANARY = "zqxcanary"
NAME = f"Zoé {CANARY.capitalize()}"
EMAIL = f"zoe.{CANARY}@example.org"

pytestmark = pytest.mark.usefixtures("media_in_tmp")


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = tmp_path


def canary_tables() -> dict[str, int]:
    """{table: rows holding the canary}, over every table of the database (FTS5 tables, the
    search's word list and PostgreSQL's tsvector column included), every column read as text."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor, include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            count = 0
            for row in cursor.fetchall():
                text = " ".join(
                    bytes(value).decode("utf-8", "replace") if isinstance(value, bytes | memoryview) else str(value)
                    for value in row
                )
                if CANARY in text.casefold():
                    count += 1
            if count:
                found[table] = count
    return found


def zip_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def readable(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        return zip_text(content)
    return content.decode("utf-8", "replace")


def act_everywhere(cast):
    """The canary joins, asks, answers, publishes, is congratulated, followed, emailed, applies to a
    call, owns an action, is named in a conversation and in the change log."""
    community = cast.community
    canary = make_user(EMAIL, NAME, organisation=f"GAL {CANARY}", bio=f"Bio de {NAME}")
    membership = make_member(community, canary, engagement=Membership.Engagement.DRIVER)
    community_services.core_team_add(actor=cast.core_member, membership=membership)  # the change log names them
    question = questions.question_ask(actor=canary, community=community, title="Quel emballage consigné ?")
    questions.answer_post(actor=cast.member, question=question, body=f"Bonne question, {NAME} !")
    # Mentioned by others, in both forms: the handle offered and the name typed with hyphens.
    questions.answer_post(actor=cast.facilitator, question=question, body=f"Voir @zoe-{CANARY} et @Zoé-{CANARY}.")
    help_services.help_post_create(
        actor=canary, community=community, kind="request", title="Besoin d'un transporteur", body="Pour mardi."
    )
    other = questions.question_ask(actor=cast.member, community=community, title="Quel prix au kilo ?")
    answer = questions.answer_post(actor=canary, question=other, body="Trois euros, en moyenne.")
    questions.answer_vote(actor=cast.member, answer=answer)
    follows.follow_toggle(actor=canary, community=community, question=other)
    follows.follow_toggle(actor=cast.member, community=community, member=membership)
    kudos.kudos_give(actor=cast.member, community=community, receiver=membership, message="Merci pour la carte !")
    item = knowledge_services.item_create(
        actor=canary,
        community=community,
        type=ItemType.GOOD_PRACTICE,
        title="Carte des points de vente",
        fields={**FIELDS[ItemType.GOOD_PRACTICE], "contact_name": NAME, "contact_email": EMAIL},
        body=f"Rédigé par {NAME}.",
        visibility=Visibility.MEMBERS,
        contact=membership,
    )
    item = knowledge_services.item_update(
        actor=canary,
        item=item,
        base_version=item.version,
        title="Carte partagée des points de vente",
        fields={**FIELDS[ItemType.GOOD_PRACTICE], "contact_name": NAME, "contact_email": EMAIL},
        body=f"Rédigé par {NAME}, relu par le noyau.",
        visibility=Visibility.MEMBERS,
        contact=membership,
    )
    knowledge_services.item_set_status(actor=canary, item=item, action="publish")
    knowledge_services.attachment_add(
        actor=canary, item=item, upload=pdf_upload(), summary=f"Bilan de {NAME}", visibility=Visibility.MEMBERS
    )
    call = calls_services.call_create(
        actor=cast.core_member,
        community=community,
        title="Rejoindre le groupe",
        text="Qui veut nous rejoindre ?",
        closes_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    calls_services.application_submit(
        call=call, name=NAME, email=EMAIL, motivation=f"Je suis {NAME}.", engagement=Membership.Engagement.DRIVER
    )
    charter_services.charter_save(
        community=community, actor=canary, sections={"purpose": f"Proposé par {NAME}."}, base_number=0
    )
    lifecycle_services.answer_save(
        actor=canary,
        community=community,
        question="design.core_team",
        text=f"{NAME} s'en charge.",
        status="in_progress",
        assignee=membership,
        visibility=Visibility.CORE_TEAM,
    )
    action = Action(community=community, title="Imprimer la carte", created_by=canary)
    launch_services.action_save(actor=cast.core_member, action=action, owners=[membership])
    stakeholder = Stakeholder.objects.create(community=community, name="Commune de Ciney")
    StakeholderConversation.objects.create(stakeholder=stakeholder, spoken_by=NAME, challenges="Le marché.")
    email_services.email_queue_rendered(
        to=cast.member.email,
        subject=f"{NAME} a répondu",
        text=f"{NAME} a répondu à votre question.",
        html="",
        template="test",
        language="fr",
    )
    act_in_ideas_and_comments(cast, canary, item)
    return canary, question, answer, item


def act_in_ideas_and_comments(cast, canary, item):
    """The canary proposes an idea (supported, answered naming them), comments on an item and is
    mentioned in a comment."""
    from terreau.comments import registry as comment_registry
    from terreau.comments import services as comment_services
    from terreau.ideas import services as idea_services

    community = cast.community
    idea = idea_services.idea_propose(
        actor=canary, community=community, title="Une consigne commune", text="Pour tous."
    )
    idea_services.support_toggle(actor=cast.member, idea=idea)
    idea_services.idea_answer(actor=cast.core_member, idea=idea, status="taken_up", answer=f"Merci {NAME} !")
    kind = comment_registry.kind_of(item)
    for actor, body in ((canary, "Relu et complété."), (cast.member, f"Merci @zoe-{CANARY} et {NAME} !")):
        comment_services.comment_post(
            actor=actor, community=community, target_kind=kind.key, target=kind.describe(item), body=body
        )


def act_in_events(cast, canary):
    """The canary takes the last place of an event to come (someone waits behind them), came to a
    past one (named in its minutes), has a calendar key, and is named in a cancellation's reason."""
    community = cast.community
    now = timezone.now()
    coming = make_event(community, title="Atelier consigne", starts_at=now + datetime.timedelta(days=10), capacity=1)
    registration_services.register(actor=canary, community=community, event=coming)
    waiting = registration_services.register(actor=cast.member, community=community, event=coming)
    assert waiting.status == Registration.Status.WAITING
    past = make_event(community, title="Rencontre de septembre", starts_at=now - datetime.timedelta(days=10))
    past.organisers.set([cast.facilitator.memberships.get(community=community)])
    Registration.objects.create(event=past, user=canary, attended=True)
    Registration.objects.create(event=past, user=cast.member, attended=True)
    memo = minutes_services.minutes_write(actor=cast.facilitator, event=past)
    assert NAME in memo.fields["participants"]
    cancelled = make_event(
        community, title="Visite", kind="workshop", starts_at=now + datetime.timedelta(days=20), capacity=5
    )
    event_services.event_cancel(actor=cast.facilitator, event=cancelled, reason=f"{NAME} ne peut pas nous recevoir.")
    key = calendar_keys.calendar_key_get_or_create(user=canary).key
    return {"coming": coming, "past": past, "cancelled": cancelled, "waiting": waiting, "key": key}


def event_pages(cast, events) -> list[str]:
    """The events' pages, their .ics downloads and the feeds (public, and the reader's own)."""
    slug = cast.community.slug
    pages = [reverse("events:calendar", args=[slug]), reverse("events:feed", args=[slug])]
    for event in (events["coming"], events["past"], events["cancelled"]):
        pages += [reverse("events:detail", args=[slug, event.pk]), reverse("events:ics", args=[slug, event.pk])]
    pages.append(reverse("events:attendance", args=[slug, events["past"].pk]))
    pages.append(reverse("calendar:mine"))
    return pages


def reader_feeds(cast, reader) -> list[str]:
    key = calendar_keys.calendar_key_get_or_create(user=reader).key
    return [
        reverse("calendar:feed", args=[key]),
        reverse("calendar:community_feed", args=[key, cast.community.slug]),
    ]


def community_pages(cast, item, question) -> list[str]:
    slug = cast.community.slug
    pages = [
        reverse("exchanges:feed", args=[slug]),
        reverse("exchanges:questions", args=[slug]),
        reverse("exchanges:question", args=[slug, question.pk]),
        reverse("knowledge:home", args=[slug]),
        reverse("knowledge:item", args=[slug, item.pk]),
        reverse("comments:thread", args=[slug, "knowledge_item", item.pk]),
        reverse("ideas:list", args=[slug]),
        reverse("knowledge:item_versions", args=[slug, item.pk]),
        reverse("knowledge:item_markdown", args=[slug, item.pk]),
        reverse("knowledge:export", args=[slug]),
        reverse("audit:log", args=[slug]),
        reverse("audit:csv", args=[slug]),
        reverse("communities:members", args=[slug]),
        reverse("communities:who_does_what_csv", args=[slug]),
        reverse("launch:actions", args=[slug]),
        reverse("launch:actions_csv", args=[slug]),
        reverse("launch:pack_download", args=[slug, "odt"]),
        reverse("launch:pack_download", args=[slug, "docx"]),
        reverse("charter:download", args=[slug, "md"]),
        reverse("definition:stakeholders", args=[slug]),
        reverse("definition:stakeholders_csv", args=[slug]),
        reverse("calls:list", args=[slug]),
        reverse("exchanges:notifications", args=[slug]),
    ]
    for model in admin.site._registry:
        try:
            pages.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        except NoReverseMatch:
            continue
    return pages


@pytest.mark.django_db
def test_the_canary_is_exported_then_found_nowhere_after_the_account_is_deleted(cast, client):
    canary, question, answer, item = act_everywhere(cast)
    events = act_in_events(cast, canary)
    before = canary_tables()
    # The test plants the canary where it means to look for it afterwards.
    for table in [
        "accounts_user",
        "audit_auditentry",
        "calls_application",
        "charter_charterversion",
        "definition_stakeholderconversation",
        "emails_email",
        "events_history",
        "events_event",
        "exchanges_answer",
        "exchanges_feeditem",
        "knowledge_knowledgeversion",
        "lifecycle_answer",
    ]:
        assert table in before, (table, sorted(before))
    assert KnowledgeVersion.objects.filter(item=item).count() >= 2

    client.force_login(canary)
    response = client.get(reverse("account_data_download"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert {"accounts.json", "exchanges.json", "knowledge.json", "calls.json", "communities.json"} <= set(names)
    assert any(name.startswith("files/knowledge/") for name in names)
    exported = json.loads(archive.read("accounts.json"))
    assert exported["profile"]["email"] == EMAIL
    assert CANARY in archive.read("calls.json").decode().casefold()
    assert json.loads(archive.read("exchanges.json"))["questions"][0]["title"] == "Quel emballage consigné ?"
    exported_events = json.loads(archive.read("events.json"))
    assert {(row["title"], row["status"], row["attended"]) for row in exported_events["registrations"]} == {
        ("Atelier consigne", "registered", None),
        ("Rencontre de septembre", "registered", True),
    }
    assert exported_events["has_calendar_key"] is True
    assert events["key"] not in archive.read("events.json").decode()
    feed = reverse("calendar:feed", args=[events["key"]])
    assert client.get(feed).status_code == 200

    response = client.post(reverse("account_delete"), {"confirmation": "SUPPRIMER"})
    assert response.status_code == 302

    assert canary_tables() == {}
    canary.refresh_from_db()
    assert canary.erased_at is not None and not canary.is_active and not canary.has_usable_password()
    assert client.get(reverse("profile")).status_code == 302  # signed out
    assert not client.login(email=EMAIL, password="terreau-test")
    # What they gave stays, signed by the neutral name.
    assert Question.objects.get(pk=question.pk).author == canary
    assert Answer.objects.get(pk=answer.pk).body == "Trois euros, en moyenne."
    assert str(canary) == "Ancien membre"
    item = KnowledgeItem.objects.get(pk=item.pk)
    assert item.fields["contact_name"] == "Ancien membre" and item.versions.count() >= 2
    # Their feed ends at once; the waiting person holds the place, and is told; the past stays counted.
    assert not CalendarKey.objects.filter(user=canary).exists()
    client.logout()
    assert client.get(feed).status_code == 404
    assert Registration.objects.get(event=events["coming"], user=canary).status == Registration.Status.CANCELLED
    events["waiting"].refresh_from_db()
    assert events["waiting"].status == Registration.Status.REGISTERED
    assert Notification.objects.filter(recipient=cast.member, verb=Verb.EVENT_PLACE_FREED).exists()
    events["past"].refresh_from_db()
    assert events["past"].registrations.filter(attended=True).count() == 2
    assert "Ancien membre" in events["past"].minutes.fields["participants"]

    for reader in (cast.core_member, cast.admin, cast.member, cast.facilitator):
        client.force_login(reader)
        for page in community_pages(cast, item, question) + event_pages(cast, events) + reader_feeds(cast, reader):
            response = client.get(page)
            assert response.status_code in {200, 302, 403, 404}, page
            if response.status_code == 200:
                assert CANARY not in readable(response).casefold(), page
    client.force_login(cast.member)
    assert "Ancien membre" in readable(
        client.get(reverse("exchanges:question", args=[cast.community.slug, question.pk]))
    )


@pytest.mark.django_db
def test_the_last_member_of_a_core_team_cannot_delete_their_account(cast, client):
    client.force_login(cast.core_member)
    response = client.get(reverse("account_delete"))
    assert "last member of the core team" in response.text or "dernier membre du noyau" in response.text
    response = client.post(reverse("account_delete"), {"confirmation": "SUPPRIMER"})
    assert response.status_code == 200
    cast.core_member.refresh_from_db()
    assert cast.core_member.erased_at is None
    with pytest.raises(ValidationError):
        account_services.account_erase(user=cast.core_member)


@pytest.mark.django_db
def test_deleting_asks_for_the_phrase_and_keeps_what_was_typed(cast, client):
    client.force_login(cast.member)
    response = client.post(reverse("account_delete"), {"confirmation": "oui"})
    assert response.status_code == 200
    assert "Tapez SUPPRIMER exactement" in response.text
    assert 'value="oui"' in response.text
    cast.member.refresh_from_db()
    assert cast.member.is_active


@pytest.mark.django_db
def test_a_platform_admin_deletes_an_account_on_request_from_the_admin(cast, client):
    client.force_login(cast.admin)
    changelist = reverse("admin:accounts_user_changelist")
    response = client.post(changelist, {"action": "erase_accounts", "_selected_action": [cast.observer.pk]})
    assert response.status_code == 200  # the confirmation first
    assert "Thomas Leroy" in response.text
    cast.observer.refresh_from_db()
    assert cast.observer.erased_at is None
    response = client.post(
        changelist, {"action": "erase_accounts", "_selected_action": [cast.observer.pk], "post": "yes"}
    )
    assert response.status_code == 302
    cast.observer.refresh_from_db()
    assert cast.observer.erased_at is not None
    assert not User.objects.filter(email=f"observateur@{cast.community.slug}.test").exists()


def test_only_a_platform_admin_may_delete_another_account(cast, client):
    cast.member.is_staff = True  # may enter the admin, is not a platform admin
    cast.member.save()
    client.force_login(cast.member)
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "erase_accounts", "_selected_action": [cast.observer.pk], "post": "yes"},
    )
    cast.observer.refresh_from_db()
    assert cast.observer.erased_at is None


def test_the_sweep_replaces_names_in_any_case_inside_json():
    replacements = {"Zoé Zqx": "Ancien membre", "zoe@x.org": "former@erased.invalid"}
    value = {"name": "zoé zqx", "list": ["Mail: ZOE@X.ORG"], "n": 3}
    assert personal_data._replace_json(value, replacements) == {
        "name": "Ancien membre",
        "list": ["Mail: former@erased.invalid"],
        "n": 3,
    }


@pytest.mark.django_db
def test_a_namesake_keeps_their_name(cast):
    first = make_user("marie.dupont@un.test", "Marie Dupont")
    namesake = make_user("marie.dupont@deux.test", "Marie Dupont")
    account_services.account_erase(user=first)
    namesake.refresh_from_db()
    assert namesake.display_name == "Marie Dupont" and namesake.email == "marie.dupont@deux.test"
    assert str(User.objects.get(pk=first.pk)) == "Ancien membre"
