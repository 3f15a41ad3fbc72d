"""Writing the audit log. Services call `record()` in the transaction of the change they make,
so a change and its entry are kept, or rolled back, together.

    audit.record(actor=actor, community=community, action="core_team.added", target=membership,
                 before={"core_team": False}, after={"core_team": True})
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction

from terreau.communities.models import JoinRequest, Membership

from .actions import ACTIONS
from .models import AuditEntry

# Left out of a deleted object's snapshot: the community (the entry names it), derived text, secrets.
SNAPSHOT_SKIPPED = {"community", "search_text", "search", "token"}


def record(*, actor, community, action: str, target, before=None, after=None) -> AuditEntry:
    """Write one entry; `actor` is None for a change nobody made (a scheduled task)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: add it to terreau/audit/actions.py")
    if not transaction.get_connection(router.db_for_write(AuditEntry)).in_atomic_block:
        raise RuntimeError("audit.record() must run inside the transaction of the change it records")
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEntry.objects.create(
        community=community,
        actor=actor,
        actor_name=str(actor)[:200] if actor is not None else "",
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        target_label=label(target)[:300],
        before=before,
        after=after,
    )


def record_deletion(*, actor, community, action: str, target: models.Model) -> AuditEntry:
    """Record the deletion of `target`, keeping what it held; call it before deleting."""
    return record(actor=actor, community=community, action=action, target=target, before=snapshot(target))


def record_visibility(*, actor, community, target, field: str = "visibility") -> AuditEntry | None:
    """Record `visibility.changed` when `target`'s `field` differs from the stored value.

    Call it before saving `target`: it reads the value still in the database, so it also works
    on an object a form has already changed. A new object has nothing to compare with.
    """
    if target.pk is None:
        return None
    stored = type(target)._base_manager.filter(pk=target.pk).values_list(field, flat=True).first()
    current = getattr(target, field)
    if stored is None or stored == current:
        return None
    return record(
        actor=actor,
        community=community,
        action="visibility.changed",
        target=target,
        before={field: stored},
        after={field: current},
    )


def snapshot(obj: models.Model) -> dict:
    """The fields of an object about to be deleted, so the log keeps what it held; a related
    object by its name, which outlives it."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in SNAPSHOT_SKIPPED or isinstance(field, models.GeneratedField):
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            values[field.name] = label(related) if related is not None else None
            continue
        value = field.value_from_object(obj)
        if isinstance(value, models.fields.files.FieldFile):
            value = value.name
        values[field.name] = value
    return values


def label(target) -> str:
    """How the log names the object: a membership or a request by its person."""
    if target is None:
        return ""
    if isinstance(target, Membership | JoinRequest):
        return str(target.user)
    return str(target)
