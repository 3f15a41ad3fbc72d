"""The public form works with a plain POST, resists spam, and the core team answers each person."""

from datetime import timedelta
from email import message_from_string

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from terreau.accounts.middleware import UserLanguageMiddleware
from terreau.calls import services
from terreau.calls.models import Application, Call, site_today
from terreau.calls.views import RATE
from terreau.communities import services as community_services
from terreau.communities.models import Invitation, Membership, Phase
from terreau.core.models import Visibility

from .factories import apply, open_call

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def answer(call, **overrides):
    question_fields = {f"question_{q.pk}": "Condroz" for q in call.questions.all()}
    return {
        "name": "Léa Dupont",
        "email": "lea@exemple.be",
        "organisation": "Ferme du Bocage",
        "motivation": "Je vends mes légumes en direct.",
        "engagement": "carrier",
        "themes": [call.community.themes.get(slug="vente-directe").pk],
        "website": "",
        **question_fields,
        **overrides,
    }


def test_a_visitor_reads_the_call_and_answers_without_javascript(client, cast, django_capture_on_commit_callbacks):
    call = open_call(cast, questions=[("Votre territoire ?", True)])
    page = client.get(call.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "<strong>producteurs</strong>" in html  # the Markdown text
    assert 'name="website"' in html and 'tabindex="-1"' in html and 'autocomplete="off"' in html
    assert 'class="visually-hidden-honeypot" aria-hidden="true"' in html
    assert 'name="themes"' in html and ">vente directe</label>" in html  # the community's themes as checkboxes
    assert "<script" not in html.split("<main")[1]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(call.get_absolute_url(), answer(call), follow=True)
    thanks = reverse("calls:thanks", args=[cast.community.slug, call.token])
    assert response.redirect_chain == [(thanks, 302)]
    # A thank-you page saying what happens next, not the form again: nobody sends the answer twice.
    html = response.content.decode()
    assert "Thank you for your answer" in html and "What happens next" in html
    assert "A confirmation is on its way to lea@exemple.be" in html
    assert "reads every answer and writes back to you" in html
    assert 'name="motivation"' not in html
    assert f'href="{call.get_absolute_url()}"' in html  # another answer stays a click away
    assert 'name="motivation"' in client.get(call.get_absolute_url()).content.decode()
    application = Application.objects.get()
    assert (application.name, application.organisation, application.engagement) == (
        "Léa Dupont",
        "Ferme du Bocage",
        "carrier",
    )
    assert [theme.name for theme in application.themes.all()] == ["vente directe"]
    assert application.answers == [{"question": "Votre territoire ?", "answer": "Condroz"}]
    assert application.language == "en"  # the language the visitor reads (English in these tests)

    # The receipt alone goes to the applicant (the core team's notification may go out too, in
    # the morning's sending slot).
    [message] = [sent for sent in mail.outbox if sent.to == ["lea@exemple.be"]]
    parsed = message_from_string(message.message().as_string())
    assert message.to == ["lea@exemple.be"]
    assert parsed["To"] == "lea@exemple.be"
    assert "Circuits courts" in message.subject
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in parsed.walk()
        if not part.is_multipart()
    }
    assert set(parts) == {"text/plain", "text/html"}
    assert "<html" in parts["text/html"]


def test_the_receipt_repeats_nothing_the_applicant_typed(client, cast, django_capture_on_commit_callbacks):
    """Anyone can type any address in the form: the receipt must not carry their text to it."""
    call = open_call(cast, questions=[("Votre territoire ?", True)])
    typed = {
        "name": "Visit spam.example now",
        "organisation": "Cheap pills",
        "motivation": "Click https://spam.example/win to claim your prize",
        "themes": [],
        f"question_{call.questions.get().pk}": "Limited offer",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(call.get_absolute_url(), answer(call, email="stranger@exemple.be", **typed))
    assert response.status_code == 302
    assert Application.objects.get().motivation == typed["motivation"]  # the core team reads it all

    [message] = [sent for sent in mail.outbox if sent.to == ["stranger@exemple.be"]]  # the receipt
    assert message.to == ["stranger@exemple.be"]
    parsed = message_from_string(message.message().as_string())
    bodies = [part.get_payload(decode=True).decode() for part in parsed.walk() if not part.is_multipart()]
    assert len(bodies) == 2
    for text in [message.subject, *bodies]:
        for value in ["Visit spam.example now", "Cheap pills", "spam.example/win", "Limited offer"]:
            assert value not in text
    assert "Circuits courts" in message.subject  # the community's name says what this is about


def test_the_confirmation_follows_the_language_the_visitor_chose(client, cast, django_capture_on_commit_callbacks):
    call = open_call(cast)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(call.get_absolute_url(), answer(call))
    assert Application.objects.get().language == "en"
    assert mail.outbox[0].subject == f"Your answer to the call of {cast.community.name} is received"


def test_bad_input_is_shown_again_with_what_was_typed(client, cast):
    call = open_call(cast, questions=[("Votre territoire ?", True)])
    data = answer(call, email="pas-une-adresse", engagement="", **{f"question_{call.questions.get().pk}": ""})
    response = client.post(call.get_absolute_url(), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="pas-une-adresse"' in html
    assert "Je vends mes légumes en direct." in html
    assert 'value="Ferme du Bocage"' in html
    assert "Please answer this question." in html or "Veuillez répondre à cette question." in html
    form = response.context["form"]
    assert set(form.errors) == {"email", "engagement", f"question_{call.questions.get().pk}"}
    assert not Application.objects.exists()


def test_a_filled_trap_looks_like_success_and_saves_nothing(client, cast, django_capture_on_commit_callbacks):
    call = open_call(cast)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(call.get_absolute_url(), answer(call, website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("calls:thanks", args=[cast.community.slug, call.token])  # as a real answer
    assert not Application.objects.exists()
    assert mail.outbox == []


def test_too_many_answers_from_one_address_are_refused_with_429(client, cast):
    call = open_call(cast)
    limit = int(RATE.split("/")[0])
    for n in range(limit):
        assert client.post(call.get_absolute_url(), answer(call, email=f"p{n}@exemple.be")).status_code == 302
    response = client.post(call.get_absolute_url(), answer(call, email="encore@exemple.be"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "try again in an hour" in html or "réessayer dans une heure" in html
    assert 'value="encore@exemple.be"' in html  # nothing typed is lost
    assert Application.objects.count() == limit
    # Another connection is not concerned.
    other = client.post(call.get_absolute_url(), answer(call, email="ailleurs@exemple.be"), REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302


@override_settings(TERREAU_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_behind_the_reverse_proxy_each_visitor_has_their_own_limit(client, cast):
    call = open_call(cast)
    limit = int(RATE.split("/")[0])
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    for n in range(limit):
        response = client.post(
            call.get_absolute_url(),
            answer(call, email=f"p{n}@exemple.be"),
            HTTP_X_FORWARDED_FOR="198.51.100.1",
            **proxy,
        )
        assert response.status_code == 302
    refused = client.post(call.get_absolute_url(), answer(call), HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    assert refused.status_code == 429
    other = client.post(call.get_absolute_url(), answer(call), HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert other.status_code == 302
    # Outside the proxy, a forged header changes nothing.
    for n in range(limit):
        client.post(
            call.get_absolute_url(),
            answer(call, email=f"q{n}@exemple.be"),
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
            REMOTE_ADDR="203.0.113.66",
        )
    forged = client.post(
        call.get_absolute_url(), answer(call), HTTP_X_FORWARDED_FOR="192.0.2.200", REMOTE_ADDR="203.0.113.66"
    )
    assert forged.status_code == 429


def test_mistakes_do_not_count_towards_the_limit(client, cast):
    call = open_call(cast)
    for _ in range(int(RATE.split("/")[0]) + 2):
        assert client.post(call.get_absolute_url(), answer(call, email="faux")).status_code == 200
    assert client.post(call.get_absolute_url(), answer(call)).status_code == 302


@pytest.mark.parametrize("how", ["manually", "by date", "community closed"])
def test_a_closed_call_shows_its_text_and_refuses_answers(client, cast, how):
    call = open_call(cast)
    if how == "manually":
        services.call_close(actor=cast.core_member, call=call)
    elif how == "by date":
        Call.objects.filter(pk=call.pk).update(closes_on=site_today() - timedelta(days=1))
    else:
        cast.community.phase = Phase.CLOSED
        cast.community.save()
    page = client.get(call.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "<strong>producteurs</strong>" in html
    assert 'name="email"' not in html
    assert "no longer takes answers" in html or "ne reçoit plus de réponses" in html
    response = client.post(call.get_absolute_url(), answer(call))
    assert response.status_code == 409
    assert not Application.objects.exists()


def test_a_members_call_or_a_draft_reveals_nothing_to_strangers(client, cast):
    members_call = open_call(cast, visibility=Visibility.MEMBERS)
    draft = open_call(cast, visibility=Visibility.CORE_TEAM)
    assert "/accounts/login/" in client.get(members_call.get_absolute_url())["Location"]
    client.force_login(cast.outsider)
    assert client.get(members_call.get_absolute_url()).status_code == 404
    client.force_login(cast.member)
    assert client.get(members_call.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(cast.core_member)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_an_unknown_token_or_another_communitys_call_is_404(client, cast, public_cast):
    call = open_call(cast)
    assert client.get(reverse("calls:public", args=[cast.community.slug, "nope"])).status_code == 404
    assert client.get(reverse("calls:public", args=[public_cast.community.slug, call.token])).status_code == 404
    assert client.get(reverse("calls:public", args=[cast.community.slug, "12"])).status_code == 404


def test_members_see_open_calls_the_core_team_every_call_with_counts(client, cast):
    open_call(cast, title="Appel ouvert")
    closed = open_call(cast, title="Appel fermé")
    apply(closed)
    services.call_close(actor=cast.core_member, call=closed)
    open_call(cast, title="Brouillon", visibility=Visibility.CORE_TEAM)
    client.force_login(cast.member)
    html = client.get(reverse("calls:list", args=[cast.community.slug])).content.decode()
    assert "Appel ouvert" in html and "Appel fermé" not in html and "Brouillon" not in html
    client.force_login(cast.core_member)
    response = client.get(reverse("calls:list", args=[cast.community.slug]))
    assert {c.title: c.application_count for c in response.context["calls"]} == {
        "Appel ouvert": 0,
        "Appel fermé": 1,
        "Brouillon": 0,
    }


def test_visitors_browse_the_open_calls_of_a_public_community_only(client, cast, public_cast):
    services.call_create(
        actor=public_cast.core_member,
        community=public_cast.community,
        title="Appel public",
        text="Bienvenue",
        closes_on=site_today(),
    )
    html = client.get(reverse("calls:list", args=[public_cast.community.slug])).content.decode()
    assert "Appel public" in html
    assert "/accounts/login/" in client.get(reverse("calls:list", args=[cast.community.slug]))["Location"]


def test_the_core_team_opens_a_call_with_questions_through_the_form(client, cast):
    client.force_login(cast.core_member)
    url = reverse("calls:create", args=[cast.community.slug])
    form = {
        "title": "Rejoignez-nous",
        "text": "Texte",
        "closes_on": (site_today() + timedelta(days=10)).isoformat(),
        "visibility": "public",
        "questions-TOTAL_FORMS": "3",
        "questions-INITIAL_FORMS": "0",
        "questions-0-text": "Votre territoire ?",
        "questions-0-required": "on",
        "questions-1-text": "",
        "questions-2-text": "Vos produits ?",
    }
    response = client.post(url, form)
    call = Call.objects.get()
    assert response["Location"] == reverse("calls:edit", args=[cast.community.slug, call.pk])
    assert [(q.text, q.required) for q in call.questions.all()] == [
        ("Votre territoire ?", True),
        ("Vos produits ?", False),
    ]
    page = client.get(response["Location"]).content.decode()
    assert call.token in page  # the address to share
    assert 'value="Votre territoire ?"' in page


def test_a_closing_date_in_the_past_is_shown_next_to_the_field(client, cast):
    client.force_login(cast.core_member)
    response = client.post(
        reverse("calls:create", args=[cast.community.slug]),
        {
            "title": "Rejoignez-nous",
            "text": "Texte",
            "closes_on": (site_today() - timedelta(days=1)).isoformat(),
            "visibility": "public",
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "0",
            "questions-0-text": "Gardée ?",
        },
    )
    assert response.status_code == 200
    assert "closes_on" in response.context["form"].errors
    assert 'value="Gardée ?"' in response.content.decode()
    assert not Call.objects.exists()


def test_accept_from_the_list_sends_an_invitation(client, cast, django_capture_on_commit_callbacks):
    call = open_call(cast)
    application = apply(call)
    client.force_login(cast.core_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("calls:decide", args=[cast.community.slug, call.pk, application.pk]),
            {"decision": "accept"},
            follow=True,
        )
    assert Invitation.objects.filter(email="lea@exemple.be", community=cast.community).exists()
    assert mail.outbox[-1].to == ["lea@exemple.be"]
    application.refresh_from_db()
    assert application.status == "accepted" and application.decided_by == cast.core_member
    assert "lea@exemple.be" in response.content.decode()


def test_accepting_someone_already_invited_is_shown_clearly(client, cast):
    call = open_call(cast)
    application = apply(call, email="invitee@exemple.be")
    community_services.invitation_create(actor=cast.core_member, community=cast.community, email="invitee@exemple.be")
    client.force_login(cast.core_member)
    response = client.post(
        reverse("calls:decide", args=[cast.community.slug, call.pk, application.pk]),
        {"decision": "accept"},
        follow=True,
    )
    html = response.content.decode()
    assert "invitee@exemple.be" in html
    assert "no new one was sent" in html or "aucune nouvelle" in html
    assert Invitation.objects.filter(email="invitee@exemple.be").count() == 1
    application.refresh_from_db()
    assert application.status == "accepted"
    # The invitation already sent takes what the applicant said.
    invitation = Invitation.objects.get(email="invitee@exemple.be")
    assert (invitation.engagement, invitation.name) == ("carrier", "Léa Dupont")


def test_decline_sends_the_kind_message(client, cast, django_capture_on_commit_callbacks):
    call = open_call(cast)
    application = apply(call)
    client.force_login(cast.core_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("calls:decide", args=[cast.community.slug, call.pk, application.pk]), {"decision": "decline"}
        )
    [message] = mail.outbox
    assert message.to == ["lea@exemple.be"]
    assert message.alternatives  # text and html
    application.refresh_from_db()
    assert application.status == "declined"


def test_contact_marks_and_shows_a_mailto_link(client, cast):
    call = open_call(cast)
    application = apply(call)
    client.force_login(cast.core_member)
    response = client.post(
        reverse("calls:decide", args=[cast.community.slug, call.pk, application.pk]),
        {"decision": "contact"},
        follow=True,
    )
    application.refresh_from_db()
    assert application.status == "contacted"
    assert 'href="mailto:lea@exemple.be' in response.content.decode()
    assert response.redirect_chain[0][0].endswith(f"#application-{application.pk}")


def test_a_decision_on_another_calls_application_is_404(client, cast):
    first, second = open_call(cast), open_call(cast)
    application = apply(first)
    client.force_login(cast.core_member)
    url = reverse("calls:decide", args=[cast.community.slug, second.pk, application.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 404


@pytest.mark.parametrize(
    "decision, french",
    [
        ("accept", "Léa Dupont est accepté·e : une invitation à rejoindre la communauté part vers lea@exemple.be."),
        ("decline", "un message bienveillant part vers lea@exemple.be"),
        ("contact", "Léa Dupont est marqué·e comme contacté·e."),
    ],
)
def test_the_core_team_reads_the_outcome_of_a_decision_in_french(client, cast, monkeypatch, decision, french):
    monkeypatch.setattr(UserLanguageMiddleware, "language_for", staticmethod(lambda request: "fr"))
    application = apply(open_call(cast))
    client.force_login(cast.core_member)
    response = client.post(
        reverse("calls:decide", args=[cast.community.slug, application.call.pk, application.pk]),
        {"decision": decision},
        follow=True,
    )
    assert french in response.content.decode()


def test_an_accepted_applicant_signs_up_with_their_answer_filled_in_and_keeps_their_engagement(
    client, cast, django_capture_on_commit_callbacks
):
    application = apply(open_call(cast), organisation="Ferme du Bocage", engagement="resource")
    client.force_login(cast.core_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("calls:decide", args=[cast.community.slug, application.call.pk, application.pk]),
            {"decision": "accept"},
        )
    client.logout()
    invitation = Invitation.objects.get(email="lea@exemple.be")
    client.get(invitation.get_absolute_url())  # the link in the invitation email
    form = client.get(reverse("account_signup")).content.decode()
    assert 'value="Léa Dupont"' in form and 'value="Ferme du Bocage"' in form
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Léa Dupont",
            "organisation": "Ferme du Bocage",
            "email": "lea@exemple.be",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
            "accept_terms": "on",
            "accept_privacy": "on",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="lea@exemple.be", community=cast.community)
    assert membership.engagement == "resource"
    assert membership.user.organisation == "Ferme du Bocage"


def test_an_accepted_applicant_with_an_account_joins_at_the_engagement_they_chose(client, cast):
    application = apply(open_call(cast), email=cast.outsider.email, engagement="driver")
    services.application_decide(actor=cast.core_member, application=application, decision="accept")
    client.force_login(cast.outsider)
    client.post(Invitation.objects.get(email=cast.outsider.email).get_absolute_url())
    assert Membership.objects.get(user=cast.outsider, community=cast.community).engagement == "driver"


def test_the_sign_up_form_is_empty_without_an_application_behind_the_invitation(client, cast):
    invitation = community_services.invitation_create(actor=cast.core_member, community=cast.community, email="x@y.be")
    client.get(invitation.get_absolute_url())
    form = client.get(reverse("account_signup")).content.decode()
    assert 'name="display_name"' in form and 'name="display_name" value=' not in form


def test_the_thank_you_page_names_no_address_to_someone_who_did_not_answer(client, cast):
    call = open_call(cast)
    html = client.get(reverse("calls:thanks", args=[cast.community.slug, call.token])).content.decode()
    assert "A confirmation is on its way to the address you gave." in html
    assert "@" not in html.split("<main")[1].split("</main>")[0]


def test_the_thank_you_page_of_a_members_call_stays_behind_the_sign_in(client, cast):
    call = open_call(cast, visibility=Visibility.MEMBERS)
    response = client.get(reverse("calls:thanks", args=[cast.community.slug, call.token]))
    assert response.status_code == 302 and "login" in response["Location"]
