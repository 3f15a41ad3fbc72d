"""Writes on the stakeholder map and the community's definition. Each takes the person acting."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.communities.models import Community, Membership

from . import permissions as definition_permissions
from .models import (
    CommunityDefinition,
    ExistingNetwork,
    Objective,
    ObjectiveKind,
    Stakeholder,
    StakeholderConversation,
)

STAKEHOLDER_FIELDS = (
    "name",
    "organisation",
    "kind",
    "contact",
    "interest",
    "influence",
    "involve",
    "notes",
    "visibility",
)


# Stakeholders -------------------------------------------------------------------------


@transaction.atomic
def stakeholder_save(*, actor: User, stakeholder: Stakeholder) -> Stakeholder:
    """Create or update a stakeholder whose fields are already set (a bound form's instance)."""
    permissions.require(actor, definition_permissions.STAKEHOLDERS_EDIT, stakeholder.community)
    stakeholder.name = stakeholder.name.strip()
    stakeholder.organisation = stakeholder.organisation.strip()
    stakeholder.full_clean()
    audit.record_visibility(actor=actor, community=stakeholder.community, target=stakeholder)
    stakeholder.save()
    return stakeholder


@transaction.atomic
def stakeholder_delete(*, actor: User, stakeholder: Stakeholder) -> None:
    permissions.require(actor, definition_permissions.STAKEHOLDERS_EDIT, stakeholder.community)
    audit.record_deletion(
        actor=actor, community=stakeholder.community, action="stakeholder.deleted", target=stakeholder
    )
    stakeholder.delete()  # its conversations go with it


@transaction.atomic
def conversation_add(
    *,
    actor: User,
    stakeholder: Stakeholder,
    held_on,
    membership: Membership | None = None,
    spoken_by: str = "",
    challenges: str = "",
    needs: str = "",
    expectations: str = "",
) -> StakeholderConversation:
    community = stakeholder.community
    permissions.require(actor, definition_permissions.CONVERSATIONS_RECORD, community)
    if membership is not None and (membership.community_id != community.pk or not membership.is_active):
        raise ValidationError({"membership": _("Choose a member of this community.")})
    conversation = StakeholderConversation(
        stakeholder=stakeholder,
        held_on=held_on,
        membership=membership,
        spoken_by=spoken_by.strip(),
        challenges=challenges.strip(),
        needs=needs.strip(),
        expectations=expectations.strip(),
        created_by=actor,
    )
    conversation.full_clean()
    conversation.save()
    return conversation


@dataclass
class ImportResult:
    created: int
    updated: int


def _match_key(name: str, organisation: str) -> tuple[str, str]:
    return name.strip().casefold(), organisation.strip().casefold()


@transaction.atomic
def stakeholders_import(*, actor: User, community: Community, rows: list[dict]) -> ImportResult:
    """Add the rows (already validated) as stakeholders; a row naming an existing stakeholder
    (same name and organisation) updates it, so that a map exported, edited and imported again
    does not double."""
    permissions.require(actor, definition_permissions.STAKEHOLDERS_EDIT, community)
    existing = {_match_key(s.name, s.organisation): s for s in Stakeholder.objects.filter(community=community)}
    to_create: list[Stakeholder] = []
    to_update: list[Stakeholder] = []
    for row in rows:
        found = existing.get(_match_key(row["name"], row["organisation"]))
        stakeholder = found or Stakeholder(community=community)
        for field in STAKEHOLDER_FIELDS:
            if field in row:
                setattr(stakeholder, field, row[field])
        stakeholder.full_clean()
        (to_update if found else to_create).append(stakeholder)
    Stakeholder.objects.bulk_create(to_create)
    for stakeholder in to_update:
        audit.record_visibility(actor=actor, community=community, target=stakeholder)
        stakeholder.save()  # few; keeps updated_at right
    return ImportResult(created=len(to_create), updated=len(to_update))


# The community's definition ------------------------------------------------------------

DEFINITION_FIELDS = (
    "why",
    "objectives_summary",
    "scope",
    "unique_value",
    "permanent_members",
    "guests",
    "not_members",
    "visibility",
)


@transaction.atomic
def definition_save(
    *,
    actor: User,
    community: Community,
    objectives: dict[str, str],
    networks: list[dict],
    removed_networks: Sequence[int] = (),
    **fields,
) -> CommunityDefinition:
    """Save the definition in one go: its texts, the objectives pursued (kind → goals; a kind
    left out is no longer pursued), and the existing networks (a dict with an `id` updates)."""
    permissions.require(actor, definition_permissions.SCOPE_EDIT, community)
    unknown = set(fields) - set(DEFINITION_FIELDS)
    if unknown:
        raise TypeError(f"definition_save() cannot change {', '.join(sorted(unknown))}")
    definition = CommunityDefinition.objects.filter(community=community).first() or CommunityDefinition(
        community=community
    )
    for name, value in fields.items():
        setattr(definition, name, value.strip() if isinstance(value, str) and name != "visibility" else value)
    definition.updated_by = actor
    definition.full_clean()
    audit.record_visibility(actor=actor, community=community, target=definition)
    definition.save()
    objectives_set(actor=actor, community=community, objectives=objectives)
    networks_save(actor=actor, community=community, networks=networks, removed=removed_networks)
    return definition


@transaction.atomic
def objectives_set(*, actor: User, community: Community, objectives: dict[str, str]) -> list[Objective]:
    permissions.require(actor, definition_permissions.SCOPE_EDIT, community)
    errors = {}
    for kind, goals in objectives.items():
        if kind not in ObjectiveKind.values:
            raise ValueError(f"unknown objective kind {kind!r}")
        if not goals.strip():
            errors[kind] = _("Write the goals of this objective, or leave it out.")
    if errors:
        raise ValidationError(errors)
    dropped = Objective.objects.filter(community=community).exclude(kind__in=list(objectives))
    for objective in dropped:
        audit.record_deletion(actor=actor, community=community, action="objective.deleted", target=objective)
    dropped.delete()
    current = {objective.kind: objective for objective in Objective.objects.filter(community=community)}
    saved = []
    for kind, goals in objectives.items():
        objective = current.get(kind) or Objective(community=community, kind=kind)
        objective.goals = goals.strip()
        objective.full_clean()
        objective.save()
        saved.append(objective)
    return saved


# What a network's form gives (the views pass these from the form).
NETWORK_FIELDS = ("name", "url", "relation", "brings")


@transaction.atomic
def networks_save(
    *, actor: User, community: Community, networks: list[dict], removed: Sequence[int] = ()
) -> list[ExistingNetwork]:
    permissions.require(actor, definition_permissions.SCOPE_EDIT, community)
    removed_networks = ExistingNetwork.objects.filter(community=community, pk__in=list(removed))
    for network in removed_networks:
        audit.record_deletion(actor=actor, community=community, action="network.deleted", target=network)
    removed_networks.delete()
    current = {network.pk: network for network in ExistingNetwork.objects.filter(community=community)}
    saved = []
    for data in networks:
        data = dict(data)
        pk = data.pop("id", None)
        if pk is not None and pk not in current:
            raise ValidationError(_("One of the networks no longer exists. Reload the page."))
        network = current[pk] if pk is not None else ExistingNetwork(community=community)
        for name in NETWORK_FIELDS:
            setattr(network, name, (data.get(name) or "").strip())
        network.full_clean()
        network.save()
        saved.append(network)
    return saved
