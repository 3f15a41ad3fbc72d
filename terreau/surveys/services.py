"""What changes surveys: building them (draft only), opening and closing, answering, reminding.

Every write takes the person acting and asks the permission policy. Builder changes carry the
survey's `version` as the form saw it: a change made meanwhile by someone else is refused, never
overwritten. Nothing here writes an audit entry, a log line, a feed line or a notification that
names both a person and a response: answering leaves no trace but the response and, apart, the
participation.
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions as kernel
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.communities.models import Community, Membership
from terreau.core import events
from terreau.core.models import Visibility

from . import permissions, survey_templates
from .models import Audience, Participation, Question, Response, Status, Survey

# Members who have not answered are reminded this many days before the closing date, once.
REMIND_DAYS_BEFORE = 3


def today_in(community: Community) -> date:
    return timezone.localdate(timezone.now(), ZoneInfo(community.time_zone))


def stale_message() -> str:
    return _(
        "Someone else changed this survey while you were editing it. Your text is kept below: "
        "check the survey, then save again."
    )


def frozen_message() -> str:
    return _("This survey is open: its questions can no longer change, so that every answer is to the same questions.")


# ---------------------------------------------------------------------------------------------
# Building


def _lock(survey: Survey, version: int | None) -> Survey:
    """The survey locked for the change; refused when it moved on since `version` or is no draft."""
    current = Survey.objects.select_for_update().get(pk=survey.pk)
    if version is not None and current.version != version:
        raise ValidationError(stale_message(), code="stale")
    if current.status != Status.DRAFT:
        raise ValidationError(frozen_message(), code="frozen")
    return current


def _bump(survey: Survey, current: Survey) -> None:
    survey.version = current.version + 1
    Survey.objects.filter(pk=survey.pk).update(version=survey.version)


def _check(survey: Survey) -> None:
    if survey.closes_on and survey.opens_on and survey.closes_on < survey.opens_on:
        raise ValidationError({"closes_on": _("The closing date comes after the opening date.")})
    if survey.audience == Audience.CIRCLE:
        if survey.circle is None:
            raise ValidationError({"circle": _("Choose the circle whose members answer.")})
        if survey.circle.community_id != survey.community_id:
            raise ValidationError({"circle": _("Choose a circle of this community.")})
    else:
        survey.circle = None


@transaction.atomic
def survey_create(*, actor: User, community: Community, survey: Survey, template: str = "") -> Survey:
    """Save a new draft; from a template, with its questions (in the guide's words until edited)."""
    kernel.require(actor, permissions.MANAGE, community)
    survey.community = community
    survey.created_by = actor
    if template in survey_templates.TEMPLATES:
        survey.template = template
    _check(survey)
    survey.full_clean(exclude=["circle"])
    survey.save()
    Question.objects.bulk_create(
        Question(
            survey=survey,
            position=position,
            kind=guide.kind,
            scale=guide.scale,
            required=guide.required,
            guide_key=guide.key,
        )
        for position, guide in enumerate(survey_templates.questions(survey.template), start=1)
    )
    return survey


@transaction.atomic
def survey_update(*, actor: User, survey: Survey, version: int | None) -> Survey:
    """Save the settings typed into `survey` (a draft's)."""
    kernel.require(actor, permissions.MANAGE, survey.community)
    current = _lock(survey, version)
    _check(survey)
    survey.version = current.version + 1
    survey.save()
    return survey


@transaction.atomic
def survey_reschedule(*, actor: User, survey: Survey, version: int | None) -> Survey:
    """An open survey's closing date and who sees its results, typed into `survey`: the only
    settings that may change once people answer (its questions and anonymity may not)."""
    kernel.require(actor, permissions.MANAGE, survey.community)
    current = Survey.objects.select_for_update().get(pk=survey.pk)
    if version is not None and current.version != version:
        raise ValidationError(stale_message(), code="stale")
    if current.status != Status.OPEN:
        raise ValidationError(_("Only an open survey's closing date can change."))
    if survey.closes_on < max(current.opens_on, today_in(survey.community)):
        raise ValidationError({"closes_on": _("Choose a closing date from today on, after the opening date.")})
    survey.version = current.version + 1
    survey.save(update_fields=["closes_on", "results_for", "version"])
    return survey


@transaction.atomic
def question_save(*, actor: User, question: Question, version: int | None) -> Question:
    survey = question.survey
    kernel.require(actor, permissions.MANAGE, survey.community)
    current = _lock(survey, version)
    if question.kind in ("single", "multiple") and len(question.choice_list) < 2:
        raise ValidationError({"choices": _("Give at least two choices, one per line.")})
    if question.pk is None:
        last = survey.questions.aggregate(last=Max("position"))["last"] or 0
        question.position = last + 1
    question.full_clean()
    question.save()
    _bump(survey, current)
    return question


@transaction.atomic
def question_delete(*, actor: User, question: Question, version: int | None = None) -> None:
    survey = question.survey
    kernel.require(actor, permissions.MANAGE, survey.community)
    current = _lock(survey, version)
    question.delete()
    _bump(survey, current)


@transaction.atomic
def question_move(*, actor: User, question: Question, direction: str, version: int | None = None) -> None:
    survey = question.survey
    kernel.require(actor, permissions.MANAGE, survey.community)
    current = _lock(survey, version)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a question up or down."))
    ordered = list(survey.questions.order_by("position", "pk"))
    index = next(i for i, found in enumerate(ordered) if found.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        raise ValidationError(_("This question cannot move further."))
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, found in enumerate(ordered, start=1):
        found.position = position
    Question.objects.bulk_update(ordered, ["position"])
    _bump(survey, current)


# ---------------------------------------------------------------------------------------------
# Opening, closing


def survey_url(survey: Survey) -> str:
    return reverse("surveys:detail", args=[survey.community.slug, survey.pk])


@transaction.atomic
def survey_open(*, actor: User, survey: Survey, version: int | None = None) -> Survey:
    community = survey.community
    kernel.require(actor, permissions.MANAGE, community)
    current = _lock(survey, version)
    if not current.questions.exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    if current.closes_on < today_in(community):
        raise ValidationError(_("The closing date is past: choose a later one before opening the survey."))
    survey.status = Status.OPEN
    survey.version = current.version + 1
    survey.save(update_fields=["status", "version"])
    audit.record(actor=actor, community=community, action="survey.opened", target=survey)
    if survey.opens_on <= today_in(community):
        _announce(survey, actor=actor)
    return survey


@transaction.atomic
def survey_close(*, actor: User, survey: Survey) -> Survey:
    community = survey.community
    kernel.require(actor, permissions.MANAGE, community)
    current = Survey.objects.select_for_update().get(pk=survey.pk)
    if current.status != Status.OPEN:
        raise ValidationError(_("Only an open survey can be closed."))
    survey.status = Status.CLOSED
    if survey.closes_on > today_in(community):
        survey.closes_on = today_in(community)
    survey.version = current.version + 1
    survey.save(update_fields=["status", "closes_on", "version"])
    audit.record(actor=actor, community=community, action="survey.closed", target=survey)
    return survey


@transaction.atomic
def survey_delete(*, actor: User, survey: Survey) -> None:
    community = survey.community
    kernel.require(actor, permissions.MANAGE, community)
    audit.record_deletion(actor=actor, community=community, action="survey.deleted", target=survey)
    survey.delete()


def audience_users(survey: Survey) -> QuerySet[User]:
    """The people asked as members: everyone active, or a circle's members (none for a link)."""
    active = Membership.objects.filter(community=survey.community, status=Membership.Status.ACTIVE)
    if survey.audience == Audience.MEMBERS:
        return User.objects.filter(memberships__in=active).distinct()
    if survey.audience == Audience.CIRCLE and survey.circle is not None:
        if survey.circle.is_core_team:
            return User.objects.filter(memberships__in=active.filter(is_core_team=True)).distinct()
        return User.objects.filter(memberships__in=active.filter(circle_memberships__circle=survey.circle)).distinct()
    return User.objects.none()


def _announce(survey: Survey, *, actor: User | None) -> None:
    survey.announced_on = today_in(survey.community)
    Survey.objects.filter(pk=survey.pk).update(announced_on=survey.announced_on)
    events.announce(
        events.SURVEY_OPENED,
        community=survey.community,
        survey=survey,
        actor=actor,
        recipients=list(audience_users(survey)),
        visibility=Visibility.MEMBERS,
        url=survey_url(survey),
    )


def announce_due() -> int:
    """Periodic: tell the audience of the surveys whose opening day came (opened ahead of it)."""
    count = 0
    for survey in Survey.objects.filter(status=Status.OPEN, announced_on__isnull=True).select_related(
        "community", "circle"
    ):
        if survey.opens_on <= today_in(survey.community) <= survey.closes_on:
            with transaction.atomic():
                _announce(survey, actor=None)
            count += 1
    return count


def send_reminders() -> int:
    """Periodic: a few days before closing, remind once the members who have not answered."""
    count = 0
    candidates = Survey.objects.filter(status=Status.OPEN, reminded_on__isnull=True).exclude(
        audience=Audience.STAKEHOLDERS
    )
    for survey in candidates.select_related("community", "circle"):
        today = today_in(survey.community)
        if not (survey.opens_on < today <= survey.closes_on <= today + timedelta(days=REMIND_DAYS_BEFORE)):
            continue
        with transaction.atomic():
            locked = Survey.objects.select_for_update().get(pk=survey.pk)
            if locked.reminded_on is not None:
                continue  # another scheduler got there first
            waiting = audience_users(survey).exclude(pk__in=survey.participations.values("user_id"))
            Survey.objects.filter(pk=survey.pk).update(reminded_on=today)
            events.announce(
                events.SURVEY_REMINDER,
                community=survey.community,
                survey=survey,
                recipients=list(waiting),
                closes_on=survey.closes_on,
                visibility=Visibility.MEMBERS,
                url=survey_url(survey),
            )
        count += 1
    return count


# ---------------------------------------------------------------------------------------------
# Answering


def closed_message(survey: Survey) -> str:
    if survey.is_scheduled:
        return _("This survey opens on %(date)s: come back then.") % {"date": survey.opens_on.strftime("%d/%m/%Y")}
    return _("This survey is closed: it no longer takes answers. Thank you for your interest.")


def has_answered(user, survey: Survey) -> bool:
    return user.is_authenticated and Participation.objects.filter(survey=survey, user=user).exists()


def own_response(user, survey: Survey) -> Response | None:
    """A member's own answer to a named survey (an anonymous one is never found again)."""
    if survey.is_anonymous or not user.is_authenticated:
        return None
    return Response.objects.filter(survey=survey, respondent=user).first()


def _check_answers(survey: Survey, answers: dict) -> None:
    known = {str(question.pk): question for question in survey.questions.all()}
    if set(answers) - set(known):
        raise ValidationError(_("The survey's questions changed: reload the page."))


@transaction.atomic
def response_submit(*, survey: Survey, answers: dict, user: User | None = None, name: str = "") -> None:
    """Record an answer. A member (`user`): once for an anonymous survey, their answer replaced
    for a named one. A stakeholder through the link (no `user`): one response per submission.

    Returns nothing: the response's id is not for the person who answered to keep.
    """
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if kernel.is_closed(survey.community):
        # The link answers anyone: the kernel's rule for a closed community, without a person.
        raise PermissionDenied(str(kernel.CLOSED_REFUSAL))
    if not locked.is_accepting:
        raise ValidationError(closed_message(locked))
    _check_answers(survey, answers)
    today = today_in(survey.community)
    if user is not None:
        if not permissions.may_answer(user, survey.community, survey):
            raise ValidationError(_("This survey is not addressed to you."))
        _participation, created = Participation.objects.get_or_create(survey=survey, user=user)
        if not created and survey.is_anonymous:
            raise ValidationError(
                _("You have already answered this anonymous survey: an anonymous answer cannot change.")
            )
        if not survey.is_anonymous:
            Response.objects.update_or_create(
                survey=survey,
                respondent=user,
                defaults={"answers": answers, "name": "", "submitted_on": today},
            )
            return
    elif survey.audience != "stakeholders":
        raise ValidationError(_("This survey is answered by members, signed in."))
    if survey.is_anonymous:
        Response.objects.create(survey=survey, answers=answers)
        _reorder(survey)
    else:
        Response.objects.create(survey=survey, answers=answers, name=name[:200], submitted_on=today)


def _reorder(survey: Survey) -> None:
    """Rewrite an anonymous survey's responses in the order of their random ids, so that the
    order rows are stored in (and a database's row numbers) never tells which came last."""
    rows = list(Response.objects.filter(survey=survey).order_by("id").values("id", "answers"))
    Response.objects.filter(survey=survey).delete()
    Response.objects.bulk_create(Response(survey=survey, id=row["id"], answers=row["answers"]) for row in rows)
