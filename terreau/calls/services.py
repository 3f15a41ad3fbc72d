"""Writes on calls for expressions of interest and their applications."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.communities import services as community_services
from terreau.communities.models import Community, Invitation, Membership, Phase, Theme
from terreau.communities.themes import split_names, theme_slug
from terreau.core import events
from terreau.core.models import Visibility
from terreau.emails.services import email_queue

from . import permissions as calls_permissions
from .models import Application, Call, CallQuestion, site_today


@dataclass(frozen=True)
class Question:
    text: str
    required: bool = False


# Calls --------------------------------------------------------------------------------


def _refuse_closed_community(community: Community) -> None:
    if community.phase == Phase.CLOSED:
        raise ValidationError(_("This community is closed: it no longer calls for new members."))


def _refuse_past_date(closes_on: date) -> None:
    if closes_on is not None and closes_on < site_today():
        raise ValidationError({"closes_on": _("The closing date is already past. Choose today or a later day.")})


def _questions_replace(call: Call, questions: list[Question]) -> None:
    # Applications keep a copy of the questions they answered, so replacing them loses nothing.
    call.questions.all().delete()
    rows = [
        CallQuestion(call=call, text=question.text.strip(), required=question.required, position=position)
        for position, question in enumerate(q for q in questions if q.text.strip())
    ]
    for row in rows:
        row.full_clean(exclude=["call"])
    CallQuestion.objects.bulk_create(rows)


@transaction.atomic
def call_create(
    *,
    actor: User,
    community: Community,
    title: str,
    text: str,
    closes_on: date,
    visibility: str = Visibility.PUBLIC,
    questions: Sequence[Question] = (),
) -> Call:
    permissions.require(actor, calls_permissions.EDIT, community)
    _refuse_closed_community(community)
    _refuse_past_date(closes_on)
    call = Call(
        community=community, title=title, text=text, closes_on=closes_on, visibility=visibility, opened_by=actor
    )
    call.full_clean()
    call.save()
    _questions_replace(call, list(questions))
    if call.visibility != Visibility.CORE_TEAM:
        _announce_opened(call, actor)
    return call


@transaction.atomic
def call_update(
    *,
    actor: User,
    call: Call,
    title: str,
    text: str,
    closes_on: date,
    visibility: str,
    questions: Sequence[Question],
) -> Call:
    permissions.require(actor, calls_permissions.EDIT, call.community)
    if closes_on != call.closes_on:
        _refuse_past_date(closes_on)
    opens = call.visibility == Visibility.CORE_TEAM and visibility != Visibility.CORE_TEAM
    call.title, call.text, call.closes_on, call.visibility = title, text, closes_on, visibility
    call.full_clean()
    audit.record_visibility(actor=actor, community=call.community, target=call)
    call.save(update_fields=["title", "text", "closes_on", "visibility"])
    _questions_replace(call, list(questions))
    if opens:
        _announce_opened(call, actor)
    return call


def _announce_opened(call: Call, actor: User) -> None:
    """A core-team draft is not news; a call others may read is."""
    events.announce(
        events.CALL_OPENED,
        community=call.community,
        call=call,
        actor=actor,
        visibility=call.visibility,
        url=call.get_absolute_url(),
    )


@transaction.atomic
def call_close(*, actor: User, call: Call) -> Call:
    """Close before the closing date; the page stays, the form goes."""
    permissions.require(actor, calls_permissions.EDIT, call.community)
    if call.closed_at is None:
        call.closed_at = timezone.now()
        call.closed_by = actor
        call.save(update_fields=["closed_at", "closed_by"])
    return call


# Applications -------------------------------------------------------------------------


def closed_message(call: Call) -> str:
    if call.community.phase == Phase.CLOSED:
        return _("This community is closed: this call no longer takes answers.")
    if call.closed_at is not None:
        return _("The core team has closed this call: it no longer takes answers.")
    return _("This call closed on %(date)s: it no longer takes answers.") % {
        "date": date_format(call.closes_on, "SHORT_DATE_FORMAT")
    }


def _themes_of(community, chosen) -> tuple[list[Theme], list[str]]:
    """The community's themes among `chosen` (Theme rows or names), and the names that are none."""
    if isinstance(chosen, str):
        chosen = split_names(chosen)
    chosen = list(chosen)
    if not chosen:
        return [], []
    by_slug = {theme.slug: theme for theme in Theme.objects.filter(community=community)}
    themes, others = [], []
    for value in chosen:
        theme = by_slug.get(value.slug if isinstance(value, Theme) else theme_slug(str(value)))
        if theme is not None and theme not in themes:
            themes.append(theme)
        elif theme is None and not isinstance(value, Theme) and str(value).strip():
            others.append(str(value).strip())
    return themes, others


@transaction.atomic
def application_submit(
    *,
    call: Call,
    name: str,
    email: str,
    motivation: str,
    engagement: str,
    organisation: str = "",
    themes=(),
    other_themes: str = "",
    answers: dict[int, str] | None = None,
    language: str = "fr",
) -> Application:
    """Anyone who may see the call answers it while it is open; they get a confirmation by email.

    `themes`: the community's themes, as Theme rows or by name; a name that is none of them is
    kept in `other_themes` with what the applicant wrote there.
    """
    if not call.is_open:
        raise ValidationError(closed_message(call))
    answers = answers or {}
    missing = {}
    copied = []
    for question in call.questions.all():
        answer = (answers.get(question.pk) or "").strip()
        if question.required and not answer:
            missing[f"question_{question.pk}"] = _("Please answer this question.")
        copied.append({"question": question.text, "answer": answer})
    if missing:
        raise ValidationError(missing)
    themes, others = _themes_of(call.community, themes)
    others += split_names(other_themes)
    application = Application(
        call=call,
        name=name.strip(),
        email=User.objects.normalize_email(email.strip()).lower(),
        organisation=organisation.strip(),
        motivation=motivation.strip(),
        engagement=engagement,
        other_themes=", ".join(dict.fromkeys(others)),
        answers=copied,
        language=language,
    )
    application.full_clean()
    application.save()
    application.themes.set(themes)
    email_queue(
        to=application.email,
        template="calls/emails/application_received",
        context={"application": application, "call": call, "community": call.community},
        language=language,
    )
    events.announce(
        events.APPLICATION_RECEIVED,
        community=call.community,
        call=call,
        application=application,
        name=application.name,
        url=reverse("calls:applications", args=[call.community.slug, call.pk]),
    )
    return application


@dataclass(frozen=True)
class Decision:
    application: Application
    # invited, already_member, invitation_pending, declined, contacted
    outcome: str
    invitation: Invitation | None = None


DECISIONS = {"accept", "decline", "contact"}


@transaction.atomic
def application_decide(*, actor: User, application: Application, decision: str, note: str = "") -> Decision:
    """Accept (an invitation goes out), decline (a kind message goes out) or mark as contacted."""
    community = application.call.community
    permissions.require(actor, calls_permissions.REVIEW, community)
    if decision not in DECISIONS:
        raise ValidationError(_("Choose whether to accept, decline or contact this person."))
    application = Application.objects.select_for_update().select_related("call__community").get(pk=application.pk)
    if application.is_final:
        raise ValidationError(
            _("This application was already answered (%(status)s).") % {"status": application.get_status_display()}
        )
    outcome, invitation, before = decision, None, {"status": application.status}
    if decision == "accept":
        outcome, invitation = _invite(actor=actor, application=application)
        application.status = Application.Status.ACCEPTED
    elif decision == "decline":
        application.status = Application.Status.DECLINED
        email_queue(
            to=application.email,
            template="calls/emails/application_declined",
            context={"application": application, "call": application.call, "community": community},
            language=application.language,
        )
        outcome = "declined"
    else:
        application.status = Application.Status.CONTACTED
        outcome = "contacted"
    application.decided_by = actor
    application.decided_at = timezone.now()
    if note.strip():
        application.note = note.strip()
    application.save(update_fields=["status", "decided_by", "decided_at", "note"])
    audit.record(
        actor=actor,
        community=community,
        action=f"call.application_{application.status}",
        target=application,
        before=before,
        after={"status": application.status},
    )
    return Decision(application=application, outcome=outcome, invitation=invitation)


def _invite(*, actor: User, application: Application) -> tuple[str, Invitation | None]:
    """Send the foundation's invitation, unless the person is already in or already invited.

    The invitation carries what the applicant said: the engagement they chose becomes their
    membership's, their name and organisation fill the sign-up form.
    """
    community, email = application.call.community, application.email
    if Membership.objects.filter(
        community=community, user__email__iexact=email, status=Membership.Status.ACTIVE
    ).exists():
        return "already_member", None
    pending = Invitation.objects.filter(
        community=community,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()
    if pending is not None:
        if not pending.engagement:
            # An invitation sent by hand before the answer: it takes what the applicant said.
            pending.engagement = application.engagement
            pending.name = pending.name or application.name
            pending.organisation = pending.organisation or application.organisation
            pending.save(update_fields=["engagement", "name", "organisation"])
        return "invitation_pending", pending
    invitation = community_services.invitation_create(
        actor=actor,
        community=community,
        email=email,
        engagement=application.engagement,
        name=application.name,
        organisation=application.organisation,
    )
    return "invited", invitation
