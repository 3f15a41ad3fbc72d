"""Writes for evaluations: the schedule's job, the core team's work on one, and its renewal plan."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.communities.models import Community, Membership, Phase
from terreau.core import events
from terreau.core.models import Visibility
from terreau.launch import permissions as launch_permissions
from terreau.launch import services as launch_services
from terreau.launch.models import Action

from . import permissions as evaluation_permissions
from . import schedule, selectors
from .models import Axis, Evaluation, Interview, RenewalItem

# The core team is told this many days before an evaluation is due.
ANNOUNCE_DAYS = 14
# Communities whose evaluations are scheduled: launched (or launching) and not closing.
SCHEDULED_PHASES = (Phase.LAUNCH, Phase.RUN)


class StaleEdit(ValidationError):
    """The evaluation changed since the form was opened: nothing was saved."""


def evaluation_url(evaluation: Evaluation) -> str:
    return reverse("evaluations:detail", args=[evaluation.community.slug, evaluation.pk])


# ---------------------------------------------------------------------------------------------
# The schedule (a periodic job: no actor)


def evaluation_schedule_next(community: Community, today: date | None = None) -> Evaluation | None:
    """Create the community's coming evaluation when it does not exist yet; None without a launch date.

    Idempotent: the evaluation of a slot is unique by its number, so a second run (or a second
    scheduler at once) finds it instead of making another.
    """
    today = today or selectors.today_in(community)
    launch = selectors.launch_date(community, today)
    if launch is None:
        return None
    coming = schedule.next_slot(launch, today)
    found = Evaluation.objects.filter(community=community, number=coming.number).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Evaluation.objects.create(
                community=community,
                number=coming.number,
                months=coming.months,
                period_start=coming.period_start,
                period_end=coming.period_end,
            )
    except IntegrityError:  # another run made it between the look-up and the insert
        return Evaluation.objects.get(community=community, number=coming.number)


def evaluations_announce(today: date | None = None) -> int:
    """Tell each core team of the evaluation due within ANNOUNCE_DAYS, once.

    The announcement is claimed by a conditional update (`announced_at` still empty) in the
    transaction of the notification: run twice, or by two schedulers, it tells nobody twice. An
    evaluation already past its date is not announced (it shows on the workspace's list).
    """
    sent = 0
    # A day's margin either side for the time zones; each community's own day decides below.
    around = today or timezone.now().date()
    candidates = (
        Evaluation.objects.filter(
            announced_at__isnull=True,
            period_end__gte=around - timedelta(days=2),
            period_end__lte=around + timedelta(days=ANNOUNCE_DAYS + 1),
        )
        .exclude(status=Evaluation.Status.CONCLUDED)
        .select_related("community")
        .order_by("period_end", "pk")
    )
    for evaluation in candidates:
        local_today = today or selectors.today_in(evaluation.community)
        if not (local_today <= evaluation.due_on <= local_today + timedelta(days=ANNOUNCE_DAYS)):
            continue
        with transaction.atomic():
            claimed = Evaluation.objects.filter(pk=evaluation.pk, announced_at__isnull=True).update(
                announced_at=timezone.now()
            )
            if not claimed:
                continue
            events.announce(
                events.EVALUATION_DUE,
                community=evaluation.community,
                evaluation=evaluation,
                recipients=list(
                    User.objects.filter(
                        memberships__community=evaluation.community,
                        memberships__status=Membership.Status.ACTIVE,
                        memberships__is_core_team=True,
                    )
                ),
                months=evaluation.months,
                visibility=Visibility.CORE_TEAM,
                url=evaluation_url(evaluation),
            )
            sent += 1
    return sent


def schedule_all(today: date | None = None) -> int:
    """`evaluations.schedule`, daily: each launched community's coming evaluation made, then announced.

    Returns the number of announcements sent.
    """
    for community in Community.objects.filter(phase__in=SCHEDULED_PHASES).order_by("pk"):
        evaluation_schedule_next(community, today)
    return evaluations_announce(today)


# ---------------------------------------------------------------------------------------------
# The core team's work on one evaluation


def _open_for_edit(evaluation: Evaluation) -> None:
    """A concluded evaluation is read, not changed (reopen it first); a planned one starts with its first edit."""
    if evaluation.is_concluded:
        raise ValidationError(_("This evaluation is concluded: reopen it to change it."))
    if evaluation.status == Evaluation.Status.PLANNED:
        evaluation.status = Evaluation.Status.IN_PROGRESS
        evaluation.version += 1
        evaluation.save(update_fields=["status", "version", "updated_at"])


def _locked(evaluation: Evaluation, version: int | None = None) -> Evaluation:
    current = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if version is not None and current.version != version:
        raise StaleEdit(
            _(
                "Someone else changed this evaluation while you were editing it. Nothing was saved: "
                "what you typed is below; check the evaluation's page, then save again."
            )
        )
    return current


@transaction.atomic
def evaluation_start(*, actor: User, evaluation: Evaluation) -> Evaluation:
    permissions.require(actor, evaluation_permissions.MANAGE, evaluation.community)
    current = _locked(evaluation)
    if current.status != Evaluation.Status.PLANNED:
        raise ValidationError(_("This evaluation has already started."))
    _open_for_edit(current)
    evaluation.status, evaluation.version = current.status, current.version
    return current


ASSESSMENT_FIELDS = [name for axis in Axis for name in (axis.value, f"{axis.value}_rating")] + ["conclusion"]


@transaction.atomic
def assessment_save(*, actor: User, evaluation: Evaluation, version: int, **fields) -> Evaluation:
    """The team's assessment on the guide's four axes (text and rating each) and its conclusion."""
    permissions.require(actor, evaluation_permissions.MANAGE, evaluation.community)
    current = _locked(evaluation, version)
    _open_for_edit(current)
    for name, value in fields.items():
        if name not in ASSESSMENT_FIELDS:
            raise TypeError(f"assessment_save: unknown field {name!r}")
        setattr(current, name, value)
    current.version += 1
    current.full_clean()
    current.save()
    return current


def _check_people(community: Community, *members: Membership | None) -> None:
    for member in members:
        if member is not None and (member.community_id != community.pk or not member.is_active):
            raise ValidationError(_("Choose a member of the community."))


@transaction.atomic
def interview_save(*, actor: User, interview: Interview) -> Interview:
    evaluation = interview.evaluation
    permissions.require(actor, evaluation_permissions.MANAGE, evaluation.community)
    _open_for_edit(_locked(evaluation))
    if interview.interviewee is None and not interview.interviewee_name.strip():
        raise ValidationError({"interviewee": _("Say who was interviewed: a member, or someone else.")})
    try:
        _check_people(evaluation.community, interview.interviewee, interview.interviewer)
    except ValidationError as error:
        raise ValidationError({"interviewee": error.messages}) from None
    if interview.pk is None:
        interview.created_by = actor
    interview.full_clean()
    interview.save()
    return interview


@transaction.atomic
def interview_delete(*, actor: User, interview: Interview) -> None:
    evaluation = interview.evaluation
    permissions.require(actor, evaluation_permissions.MANAGE, evaluation.community)
    _open_for_edit(_locked(evaluation))
    audit.record_deletion(actor=actor, community=evaluation.community, action="interview.deleted", target=interview)
    interview.delete()


@transaction.atomic
def renewal_item_save(*, actor: User, item: RenewalItem) -> RenewalItem:
    evaluation = item.evaluation
    permissions.require(actor, evaluation_permissions.MANAGE, evaluation.community)
    _open_for_edit(_locked(evaluation))
    try:
        _check_people(evaluation.community, item.owner)
    except ValidationError as error:
        raise ValidationError({"owner": error.messages}) from None
    if item.pk is None:
        item.created_by = actor
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def renewal_item_delete(*, actor: User, item: RenewalItem) -> None:
    evaluation = item.evaluation
    permissions.require(actor, evaluation_permissions.MANAGE, evaluation.community)
    _open_for_edit(_locked(evaluation))
    audit.record_deletion(actor=actor, community=evaluation.community, action="renewal_item.deleted", target=item)
    item.delete()


ACTION_TITLE_MAX = 200


@transaction.atomic
def renewal_item_to_action(*, actor: User, item: RenewalItem) -> Action:
    """Make the item an action of the action plan (the launch's service), each linked to the other.

    The action takes the item's first line as title, its text, owner and due date; its
    description ends with a link back to the evaluation. Allowed while the evaluation is in
    progress and once it is concluded (the plan is carried out after the evaluation).
    """
    evaluation = item.evaluation
    community = evaluation.community
    permissions.require(actor, evaluation_permissions.MANAGE, community)
    permissions.require(actor, launch_permissions.ACTIONS_EDIT, community)
    item = RenewalItem.objects.select_for_update().get(pk=item.pk)
    if item.action_id is not None:
        raise ValidationError(_("This item is already an action of the action plan."))
    current = _locked(evaluation)
    if current.status == Evaluation.Status.PLANNED:
        _open_for_edit(current)
    first_line = item.text.strip().splitlines()[0] if item.text.strip() else str(item.get_heading_display())
    link = _("From the renewal plan of the [%(evaluation)s](%(url)s) (%(heading)s).") % {
        "evaluation": evaluation,
        "url": evaluation_url(evaluation),
        "heading": item.get_heading_display(),
    }
    action = launch_services.action_save(
        actor=actor,
        action=Action(
            community=community,
            title=Truncator(first_line).chars(ACTION_TITLE_MAX),
            description=f"{item.text.strip()}\n\n{link}",
            due_date=item.due_date,
        ),
        owners=[item.owner] if item.owner is not None and item.owner.is_active else [],
    )
    item.action = action
    item.save(update_fields=["action"])
    return action


@transaction.atomic
def evaluation_conclude(*, actor: User, evaluation: Evaluation, version: int, visibility: str) -> Evaluation:
    """In progress → concluded: the figures and surveys of the period are kept as they are now,
    and `visibility` says who reads it beside the core team."""
    community = evaluation.community
    permissions.require(actor, evaluation_permissions.MANAGE, community)
    current = _locked(evaluation, version)
    if current.status == Evaluation.Status.PLANNED:
        raise ValidationError(_("This evaluation has not started: record what you gathered first."))
    if current.is_concluded:
        raise ValidationError(_("This evaluation is already concluded."))
    if not current.has_assessment:
        raise ValidationError(_("Write the team's assessment on at least one axis before concluding."))
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who may read it from the list.")})
    current.figures_kept = selectors.figures(current)
    current.surveys_kept = selectors.survey_summaries(current)
    current.status = Evaluation.Status.CONCLUDED
    current.visibility = visibility
    current.concluded_at = timezone.now()
    current.concluded_by = actor
    current.version += 1
    current.save()
    audit.record(
        actor=actor,
        community=community,
        action="evaluation.concluded",
        target=current,
        after={"visibility": visibility},
    )
    return current


@transaction.atomic
def evaluation_reopen(*, actor: User, evaluation: Evaluation) -> Evaluation:
    """Concluded → in progress, to correct it; the figures are read afresh until it is concluded again."""
    community = evaluation.community
    permissions.require(actor, evaluation_permissions.MANAGE, community)
    current = _locked(evaluation)
    if not current.is_concluded:
        raise ValidationError(_("This evaluation is not concluded."))
    current.status = Evaluation.Status.IN_PROGRESS
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    audit.record(actor=actor, community=community, action="evaluation.reopened", target=current)
    return current
