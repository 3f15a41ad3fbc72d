"""Writes of the lifecycle workspace: answers to the guide's questions, phase changes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.communities.models import Community, Membership, Phase
from terreau.core import events

from . import permissions as lifecycle_permissions
from .models import Answer, PhaseChange
from .questions import BY_KEY, ORDER


@transaction.atomic
def answer_save(
    *,
    actor: User,
    community: Community,
    question: str,
    text: str,
    status: str,
    assignee: Membership | None,
    visibility: str,
) -> Answer:
    permissions.require(actor, lifecycle_permissions.ANSWER, community)
    if question not in BY_KEY:
        raise ValidationError(_("This question is not in the guide."))
    if assignee is not None and (assignee.community_id != community.pk or not assignee.is_core_team):
        raise ValidationError({"assignee": _("Choose a member of the core team.")})
    answer = Answer.objects.filter(community=community, question=question).first() or Answer(
        community=community, question=question
    )
    if BY_KEY[question].written_in_tool:
        text = ""  # written in the tool's page, the one place the charter's draft reads it from
    answer.text, answer.status, answer.assignee, answer.visibility = text, status, assignee, visibility
    answer.updated_by = actor
    answer.full_clean()
    audit.record_visibility(actor=actor, community=community, target=answer)
    answer.save()
    return answer


@transaction.atomic
def phase_advance(*, actor: User, community: Community) -> PhaseChange:
    """Move the community to the next phase of its life."""
    permissions.require(actor, lifecycle_permissions.MOVE_PHASE, community)
    community = Community.objects.select_for_update().get(pk=community.pk)
    position = ORDER.index(community.phase)
    if position == len(ORDER) - 1:
        raise ValidationError(_("The community is closed: there is no phase after this one."))
    return _phase_set(actor=actor, community=community, phase=ORDER[position + 1], is_undo=False)


@transaction.atomic
def phase_undo(*, actor: User, community: Community) -> PhaseChange:
    """Go back to the phase before the last deliberate move."""
    permissions.require(actor, lifecycle_permissions.MOVE_PHASE, community)
    community = Community.objects.select_for_update().get(pk=community.pk)
    last = PhaseChange.objects.filter(community=community).first()
    if last is None or last.is_undo or last.to_phase != community.phase:
        raise ValidationError(_("There is no phase change to undo."))
    return _phase_set(actor=actor, community=community, phase=last.from_phase, is_undo=True)


def _phase_set(*, actor: User, community: Community, phase: str, is_undo: bool) -> PhaseChange:
    change = PhaseChange.objects.create(
        community=community, from_phase=community.phase, to_phase=phase, is_undo=is_undo, changed_by=actor
    )
    community.phase = phase
    # Since when it is read-only (its pages say so); reopening it clears the date.
    community.closed_at = change.changed_at if phase == Phase.CLOSED else None
    community.save(update_fields=["phase", "closed_at"])
    action = "phase.undone" if is_undo else "phase.moved"
    audit.record(
        actor=actor,
        community=community,
        action=action,
        target=community,
        before={"phase": change.from_phase},
        after={"phase": phase},
    )
    if phase == Phase.CLOSED:
        events.announce(events.COMMUNITY_CLOSED, community=community, actor=actor)
    return change
