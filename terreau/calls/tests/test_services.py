"""Calls are opened, edited and closed by the core team; anyone answers while a call is open."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from terreau.calls import services
from terreau.calls.models import Application, Call, site_today
from terreau.communities.models import Invitation, Phase
from terreau.emails.models import Email

from .factories import apply, open_call

pytestmark = pytest.mark.django_db


def test_the_core_team_opens_a_call_with_its_questions_in_order(cast):
    call = open_call(cast, questions=[("Votre territoire ?", True), ("", False), ("Vos produits ?", False)])
    assert call.is_open
    assert call.opened_by == cast.core_member
    assert [(q.text, q.required, q.position) for q in call.questions.all()] == [
        ("Votre territoire ?", True, 0),
        ("Vos produits ?", False, 1),
    ]
    assert not call.token.isdigit()
    assert len(call.token) >= 20


def test_a_member_cannot_open_a_call(cast):
    with pytest.raises(PermissionDenied):
        services.call_create(actor=cast.member, community=cast.community, title="x", text="y", closes_on=site_today())


def test_a_call_cannot_close_in_the_past_nor_open_in_a_closed_community(cast):
    with pytest.raises(ValidationError) as error:
        open_call(cast, days=-1)
    assert "closes_on" in error.value.error_dict
    cast.community.phase = Phase.CLOSED
    cast.community.save()
    with pytest.raises(PermissionDenied, match="closed"):  # the kernel refuses a closed community's writes
        open_call(cast)


def test_a_call_closes_at_the_end_of_its_closing_day_in_the_site_time_zone(cast):
    call = open_call(cast, days=0)
    # 23:30 in Brussels on the closing day is 21:30 or 22:30 UTC: still open.
    today = site_today()
    late = timezone.make_aware(
        timezone.datetime(today.year, today.month, today.day, 23, 30), timezone.get_default_timezone()
    )
    with mock.patch("django.utils.timezone.now", return_value=late):
        assert call.is_open
    with mock.patch("django.utils.timezone.now", return_value=late + timedelta(hours=1)):
        assert not call.is_open


def test_editing_questions_keeps_what_was_answered(cast):
    call = open_call(cast, questions=[("Votre territoire ?", True)])
    question = call.questions.get()
    application = apply(call, answers={question.pk: "Condroz"})
    services.call_update(
        actor=cast.core_member,
        call=call,
        title="Nouveau titre",
        text=call.text,
        closes_on=call.closes_on,
        visibility=call.visibility,
        questions=[services.Question("Autre question", False)],
    )
    application.refresh_from_db()
    assert application.answers == [{"question": "Votre territoire ?", "answer": "Condroz"}]
    assert list(call.questions.values_list("text", flat=True)) == ["Autre question"]


def test_an_application_is_saved_and_confirmed_by_email(cast, django_capture_on_commit_callbacks):
    call = open_call(cast, questions=[("Votre territoire ?", True)])
    question = call.questions.get()
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(
            call,
            email=" Lea@Exemple.BE ",
            themes=["Vente Directe", "tourisme"],
            other_themes="circuits courts",
            answers={question.pk: "Gesves"},
            language="fr",
        )
    assert application.email == "lea@exemple.be"
    assert application.status == Application.Status.NEW
    # The community's theme, whatever its case; what is none of its themes stays the applicant's words.
    assert [theme.name for theme in application.themes.all()] == ["vente directe"]
    assert application.other_themes == "tourisme, circuits courts"
    assert list(cast.community.themes.values_list("name", flat=True)) == ["logistique", "vente directe"]
    # One email to the applicant, the receipt (the core team's notification may go out in the
    # morning's sending slot).
    assert [m.to for m in mail.outbox if "lea@exemple.be" in m.to] == [["lea@exemple.be"]]


def test_a_required_question_must_be_answered(cast):
    call = open_call(cast, questions=[("Votre territoire ?", True)])
    with pytest.raises(ValidationError) as error:
        apply(call, answers={})
    assert list(error.value.error_dict) == [f"question_{call.questions.get().pk}"]
    assert not Application.objects.exists()


@pytest.mark.parametrize("how", ["manually", "by date", "community closed"])
def test_a_closed_call_refuses_answers(cast, how):
    call = open_call(cast)
    if how == "manually":
        services.call_close(actor=cast.core_member, call=call)
    elif how == "by date":
        Call.objects.filter(pk=call.pk).update(closes_on=site_today() - timedelta(days=1))
    else:
        cast.community.phase = Phase.CLOSED
        cast.community.save()
    call = Call.objects.select_related("community").get(pk=call.pk)
    assert not call.is_open
    with pytest.raises(ValidationError, match="no longer takes answers"):
        apply(call)
    assert not Application.objects.exists()


def test_accepting_sends_the_foundation_invitation(cast, django_capture_on_commit_callbacks):
    application = apply(open_call(cast))
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.application_decide(
            actor=cast.core_member, application=application, decision="accept", note="Belle motivation"
        )
    assert decision.outcome == "invited"
    invitation = Invitation.objects.get(community=cast.community, email="lea@exemple.be")
    assert decision.invitation == invitation
    assert invitation.invited_by == cast.core_member
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.decided_by == cast.core_member
    assert application.decided_at is not None
    assert application.note == "Belle motivation"
    assert mail.outbox[-1].to == ["lea@exemple.be"]
    assert invitation.token in mail.outbox[-1].body


def test_accepting_a_member_or_someone_already_invited_says_so(cast):
    call = open_call(cast)
    member = apply(call, email=cast.member.email.upper())
    assert services.application_decide(actor=cast.core_member, application=member, decision="accept").outcome == (
        "already_member"
    )
    first = apply(call, email="deux@exemple.be")
    second = apply(call, email="deux@exemple.be")
    services.application_decide(actor=cast.core_member, application=first, decision="accept")
    decision = services.application_decide(actor=cast.core_member, application=second, decision="accept")
    assert decision.outcome == "invitation_pending"
    assert Invitation.objects.filter(email="deux@exemple.be").count() == 1


def test_declining_sends_a_kind_message_in_the_applicants_language(cast, django_capture_on_commit_callbacks):
    application = apply(open_call(cast), language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(actor=cast.core_member, application=application, decision="decline")
    message = mail.outbox[-1]
    assert message.to == ["lea@exemple.be"]
    assert "Thank you for answering" in message.body
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED


def test_contacting_then_accepting_is_possible_but_a_final_answer_is_final(cast):
    application = apply(open_call(cast))
    decision = services.application_decide(actor=cast.core_member, application=application, decision="contact")
    assert decision.application.status == Application.Status.CONTACTED
    assert not Email.objects.filter(template="calls/emails/application_declined").exists()
    services.application_decide(actor=cast.core_member, application=application, decision="decline")
    with pytest.raises(ValidationError, match="already answered"):
        services.application_decide(actor=cast.core_member, application=application, decision="accept")


def test_only_the_core_team_decides(cast):
    application = apply(open_call(cast))
    with pytest.raises(PermissionDenied):
        services.application_decide(actor=cast.member, application=application, decision="accept")
