"""Writes of the close phase: the recognition document, the transfer of the knowledge to
organisations, the close itself and telling the members where the archive is."""

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.archive import services as archive_services
from terreau.archive.models import Archive, Scope
from terreau.audit import services as audit
from terreau.communities.models import Community, Membership, Phase
from terreau.definition.models import Stakeholder
from terreau.emails.models import Email
from terreau.emails.services import email_queue, emails_queue, render_triplet
from terreau.lifecycle import services as lifecycle

from . import permissions as closing_permissions
from . import recognition as gatherer
from .models import Closure, Recipient, Recognition

# How long a link given to an organisation works unless the core team says otherwise.
DEFAULT_VALIDITY = timedelta(days=90)


class StaleEdit(ValidationError):
    """The recognition document changed since the form was opened."""


# Recognition ---------------------------------------------------------------------------------


@transaction.atomic
def recognition_generate(*, actor: User, community: Community) -> Recognition:
    """Write (or write again, replacing the text) the first draft from the community's life."""
    permissions.require(actor, closing_permissions.RECOGNITION_EDIT, community)
    recognition = Recognition.objects.select_for_update().filter(community=community).first() or Recognition(
        community=community, title=gatherer.default_title(community)
    )
    recognition.text = gatherer.draft(community, recognition.visibility)
    recognition.updated_by = actor
    if recognition.pk:
        recognition.version += 1
    recognition.full_clean()
    recognition.save()
    return recognition


@transaction.atomic
def recognition_save(
    *, actor: User, recognition: Recognition, title: str, text: str, visibility: str, version: int
) -> Recognition:
    community = recognition.community
    permissions.require(actor, closing_permissions.RECOGNITION_EDIT, community)
    stored = Recognition.objects.select_for_update().get(pk=recognition.pk)
    if stored.version != version:
        raise StaleEdit(
            _(
                "Someone changed the recognition document since you opened it. Here is what you typed; "
                "send it again to keep it."
            )
        )
    recognition.title, recognition.text, recognition.visibility = title, text, visibility
    recognition.updated_by = actor
    recognition.full_clean()
    if recognition.published_at:
        audit.record_visibility(actor=actor, community=community, target=recognition)
    recognition.version = stored.version + 1
    recognition.save(update_fields=["title", "text", "visibility", "updated_by", "updated_at", "version"])
    return recognition


@transaction.atomic
def recognition_publish(*, actor: User, recognition: Recognition) -> Recognition:
    community = recognition.community
    permissions.require(actor, closing_permissions.RECOGNITION_EDIT, community)
    if not recognition.text.strip():
        raise ValidationError(_("The recognition document is empty: generate the draft or write it first."))
    if recognition.published_at is None:
        recognition.published_at = timezone.now()
        recognition.save(update_fields=["published_at", "updated_at"])
        audit.record(
            actor=actor,
            community=community,
            action="recognition.published",
            target=recognition,
            after={"visibility": recognition.visibility},
        )
    return recognition


# Transfer ------------------------------------------------------------------------------------


def _clean_email(email: str) -> str:
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": _("Enter a valid email address.")}) from None
    return email


@transaction.atomic
def recipient_add(
    *,
    actor: User,
    community: Community,
    organisation: str,
    contact_name: str = "",
    email: str = "",
    why: str = "",
    stakeholder: Stakeholder | None = None,
) -> Recipient:
    permissions.require(actor, closing_permissions.TRANSFER_GIVE, community)
    if stakeholder is not None:
        if stakeholder.community_id != community.pk:
            raise ValidationError(_("Choose a stakeholder of this community's map."))
        if Recipient.objects.filter(community=community, stakeholder_id=stakeholder.pk).exists():
            raise ValidationError(_("This stakeholder is already in the list."))
    if not organisation.strip():
        raise ValidationError({"organisation": _("Name the organisation.")})
    recipient = Recipient(
        community=community,
        stakeholder_id=stakeholder.pk if stakeholder else None,
        organisation=organisation.strip(),
        contact_name=contact_name.strip(),
        email=_clean_email(email),
        why=why.strip(),
        created_by=actor,
    )
    recipient.full_clean()
    recipient.save()
    audit.record(
        actor=actor, community=community, action="recipient.added", target=recipient, after={"email": recipient.email}
    )
    return recipient


def recipient_from_stakeholder(*, actor: User, community: Community, stakeholder: Stakeholder) -> Recipient:
    """The stakeholder's organisation (or name) and contact: its email when the contact is one."""
    contact = stakeholder.contact.strip()
    try:
        validate_email(contact)
    except ValidationError:
        contact = ""
    return recipient_add(
        actor=actor,
        community=community,
        organisation=stakeholder.organisation or stakeholder.name,
        contact_name=stakeholder.name if stakeholder.organisation else "",
        email=contact,
        why=stakeholder.notes[:2_000],
        stakeholder=stakeholder,
    )


def _end_of(day: date, community: Community) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(community.time_zone))


@transaction.atomic
def transfer_give(
    *,
    actor: User,
    recipient: Recipient,
    access: str,
    scope: str = Scope.PUBLIC,
    expires_on: date | None = None,
    language: str | None = None,
) -> Recipient:
    """Give the organisation the archive (a download link) or a read access (a browsing link),
    emailed to its contact. A new link each time: one given before stops working."""
    community = recipient.community
    permissions.require(actor, closing_permissions.TRANSFER_GIVE, community)
    if access not in Recipient.Access.values:
        raise ValidationError({"access": _("Choose what to give.")})
    if scope not in Scope.values:
        raise ValidationError({"scope": _("Choose which archive.")})
    if not recipient.email:
        raise ValidationError(_("Add the contact's email address first: the link is sent to it."))
    expires_on = expires_on or (timezone.localdate() + DEFAULT_VALIDITY)
    if expires_on <= timezone.localdate():
        raise ValidationError({"expires_on": _("Choose a date in the future.")})
    recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
    recipient.access, recipient.scope = access, scope
    recipient.token = uuid.uuid4()
    recipient.given_at = timezone.now()
    recipient.expires_at = _end_of(expires_on, community)
    recipient.revoked_at = None
    recipient.save(update_fields=["access", "scope", "token", "given_at", "expires_at", "revoked_at"])
    name = "closing:recipient_download" if access == Recipient.Access.ARCHIVE else "closing:recipient_browse"
    args = [community.slug, recipient.token] + ([] if access == Recipient.Access.ARCHIVE else ["index.html"])
    email_queue(
        to=recipient.email,
        template=f"closing/emails/transfer_{access}",
        context={
            "recipient": recipient,
            "community": community,
            "link": settings.SITE_URL + reverse(name, args=args),
            "sender": actor.display_name,
            "members_scope": scope == Scope.MEMBERS,
        },
        language=language or actor.language,
    )
    audit.record(
        actor=actor,
        community=community,
        action="transfer.given",
        target=recipient,
        after={"access": access, "scope": scope, "expires": expires_on.isoformat()},
    )
    return recipient


@transaction.atomic
def transfer_revoke(*, actor: User, recipient: Recipient) -> Recipient:
    community = recipient.community
    permissions.require(actor, closing_permissions.TRANSFER_GIVE, community)
    if recipient.is_given:
        recipient.revoked_at = timezone.now()
        recipient.save(update_fields=["revoked_at"])
        audit.record(actor=actor, community=community, action="transfer.revoked", target=recipient)
    return recipient


def recipient_by_token(community_slug: str, token, access: str) -> Recipient | None:
    """The organisation a live link was given to; None for a link taken back, expired or unknown."""
    found = (
        Recipient.objects.select_related("community")
        .filter(community__slug=community_slug, token=token, access=access, given_at__isnull=False)
        .first()
    )
    if found is None or found.revoked_at is not None or (found.expires_at and found.expires_at <= timezone.now()):
        return None
    return found


# The archives --------------------------------------------------------------------------------


def latest_archive(community: Community, scope: str) -> Archive | None:
    """The latest archive of this scope that was built (one being rebuilt does not hide it)."""
    return (
        Archive.objects.filter(community=community, scope=scope, status=Archive.Status.READY)
        .exclude(file="")
        .order_by("-built_at", "-pk")
        .first()
    )


def archives_request(*, actor: User, community: Community) -> list:
    """Ask for the public and the members' archives (built in the background)."""
    return [archive_services.request(actor=actor, community=community, scope=scope) for scope in Scope.values]


# The close -----------------------------------------------------------------------------------


@transaction.atomic
def community_close(*, actor: User, community: Community, confirm: bool) -> Community:
    """Move the community from its close phase to closed: read-only from now on. The lifecycle
    announces it (COMMUNITY_CLOSED): the archives are asked for, the members told once built."""
    if not confirm:
        raise ValidationError({"confirm": _("Tick the box to confirm that you close the community.")})
    if community.phase == Phase.CLOSED:
        raise ValidationError(_("The community is already closed."))
    if community.phase != Phase.CLOSE:
        raise ValidationError(
            _("The community is not in its close phase: move it there from the workspace first, then close it here.")
        )
    lifecycle.phase_advance(actor=actor, community=community)
    community.refresh_from_db(fields=["phase"])
    return community


def closure_record(*, actor: User | None, community: Community) -> Closure:
    closure, _created = Closure.objects.get_or_create(community=community)
    closure.closed_by = actor if actor is not None and actor.is_authenticated else None
    closure.save(update_fields=["closed_by"])
    return closure


@transaction.atomic
def members_tell(*, community: Community, archive_url: str) -> int:
    """Email every active member, once: the community is closed, where it stays readable, where
    its archive is. Returns how many were told (0 when they already were)."""
    closure, _created = Closure.objects.select_for_update().get_or_create(community=community)
    if closure.members_told_at is not None or community.phase != Phase.CLOSED:
        return 0
    members = (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    context = {
        "community": community,
        "community_url": settings.SITE_URL + community.get_absolute_url(),
        "archive_url": archive_url if archive_url.startswith("http") else settings.SITE_URL + archive_url,
    }
    rendered: dict[str, tuple[str, str, str]] = {}
    template = "closing/emails/members_told"
    emails = []
    for membership in members:
        language = membership.user.language or settings.LANGUAGE_CODE
        if language not in rendered:
            rendered[language] = render_triplet(template, context, language)
        subject, text, html = rendered[language]
        emails.append(
            Email(to=membership.user.email, subject=subject, text=text, html=html, template=template, language=language)
        )
    emails_queue(emails)
    closure.members_told_at = timezone.now()
    closure.save(update_fields=["members_told_at"])
    return len(emails)
