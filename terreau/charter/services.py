"""Writes of the charter: saving versions (refusing crossed edits), submitting one for adoption by
consent, and marking it adopted once the decision is."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.circles.services import core_team_circle
from terreau.communities.models import Community, Membership, Role, RoleAssignment
from terreau.communities.services import core_team
from terreau.core import events
from terreau.core.models import Visibility
from terreau.decisions import services as decisions
from terreau.decisions.models import OPEN_STATES, Proposal, State
from terreau.definition.selectors import definition_markdown

from . import permissions as charter_permissions
from .models import Charter, CharterVersion, Section

SECTION_MAX_LENGTH = 20_000
SUBJECT_PREFIX = "charter:"  # the subject of the consent decision on a version: "charter:3"
SUBMIT_DAYS = 14  # the rounds' deadline, from the day a version is submitted


class CharterConflict(Exception):
    """Someone saved a newer version after the writer started editing; nothing was saved."""

    def __init__(self, newer: CharterVersion):
        super().__init__(f"version {newer.number} was saved meanwhile")
        self.newer = newer


def prefill_sources(community: Community) -> dict[str, list[str]]:
    """What the workspace already knows, as pieces of Markdown for each section of a first draft:
    the purpose and themes; why a community of practice, the objectives, scope, existing networks
    and unique value written in the definition phase; who is (not) a member, the core team and
    the roles.
    """
    pieces: dict[str, list[str]] = {section.value: [] for section in Section}
    pieces[Section.PURPOSE].append(community.purpose)
    themes = [theme.name for theme in community.themes.all()]
    if themes:
        pieces[Section.SCOPE].append(_("Themes: %(themes)s.") % {"themes": ", ".join(themes)})
    definition = definition_markdown(community)
    pieces[Section.PURPOSE].append(definition["why"])
    pieces[Section.OBJECTIVES].append(definition["objectives"])
    pieces[Section.SCOPE].append(definition["scope"])
    pieces[Section.ADDED_VALUE].append(definition["added_value"])
    pieces[Section.ENTRY_EXIT].append(definition["members"])
    pieces[Section.STRUCTURE].append(_structure(community))
    return {section: [piece for piece in found if piece] for section, found in pieces.items()}


def _structure(community: Community) -> str:
    core = [membership.user.display_name for membership in core_team(community)]
    lines = [f"### {_('Core team')}", ""]
    lines += [f"- {name}" for name in core] or [_("(nobody yet)")]
    # Roles the core team keeps to itself stay out of a document that may become public.
    roles = (
        Role.objects.filter(community=community, retired_at__isnull=True)
        .exclude(visibility=Visibility.CORE_TEAM)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=RoleAssignment.objects.filter(membership__status=Membership.Status.ACTIVE).select_related(
                    "membership__user"
                ),
            )
        )
    )
    if roles:
        lines += ["", f"### {_('Roles')}", ""]
    for role in roles:
        holders = [assignment.membership.user.display_name for assignment in role.assignments.all()]
        held = ", ".join(holders) if holders else _("the core team, until a member takes it on")
        description = f" {role.display_description}" if role.display_description else ""
        held_by = _("Held by: %(names)s.") % {"names": held}
        label = _("%(label)s:") % {"label": f"**{role.display_name}**"}
        lines.append(f"- {label}{description} {held_by}")
    return "\n".join(lines)


def first_draft(community: Community) -> dict[str, str]:
    """The sections of a charter that has no version yet, pre-filled from the workspace."""
    return {
        section: "\n\n".join(piece.strip() for piece in found if piece and piece.strip())
        for section, found in prefill_sources(community).items()
    }


def clean_sections(sections: dict[str, str]) -> dict[str, str]:
    """Only the known sections, with Unix line ends and no trailing blanks."""
    cleaned = {}
    for section in Section:
        text = (sections.get(section.value) or "").replace("\r\n", "\n").replace("\r", "\n")
        cleaned[section.value] = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    return cleaned


@transaction.atomic
def charter_save(
    *,
    community: Community,
    actor: User,
    sections: dict[str, str],
    base_number: int,
    note: str = "",
    visibility: str | None = None,
) -> CharterVersion | None:
    """Save the sections as a new version on top of `base_number`, the version the writer started from.

    Raises CharterConflict when a newer version was saved meanwhile, so nobody overwrites a text
    they have not seen. Returns the new version, or None when only the visibility changed.
    """
    permissions.require(actor, charter_permissions.EDIT, community)
    sections = clean_sections(sections)
    errors = {}
    for section, text in sections.items():
        if len(text) > SECTION_MAX_LENGTH:
            errors[section] = _("Keep this section under %(max)s characters.") % {"max": f"{SECTION_MAX_LENGTH:,}"}
    if not any(text.strip() for text in sections.values()):
        errors["__all__"] = _("Write at least one section before saving.")
    if visibility is not None and visibility not in Visibility.values:
        errors["visibility"] = _("Choose who may read the adopted charter.")
    if errors:
        raise ValidationError(errors)
    # The lock makes "check the latest number, then write the next" one step for concurrent writers.
    charter, _created = Charter.objects.select_for_update().get_or_create(community=community)
    latest = charter.versions.order_by("-number").first()
    latest_number = latest.number if latest else 0
    if base_number > latest_number or base_number < 0:
        raise ValidationError(_("This form started from a version that does not exist. Open the editor again."))
    if latest is not None and base_number < latest.number:
        raise CharterConflict(latest)
    visibility_changed = False
    if visibility is not None and visibility != charter.visibility:
        visibility_changed = True
        charter.visibility = visibility
        charter.full_clean()
        audit.record_visibility(actor=actor, community=community, target=charter)
        charter.save(update_fields=["visibility"])
    if latest is not None and latest.sections == sections:
        if visibility_changed:
            return None
        raise ValidationError(_("Nothing has changed since version %(number)s.") % {"number": latest_number})
    version = CharterVersion(
        charter=charter, number=latest_number + 1, sections=sections, note=note.strip(), author=actor
    )
    version.full_clean()
    version.save()
    return version


def charter_markdown(version: CharterVersion) -> str:
    """The version's sections as one Markdown text: the text the core team's circle decides on."""
    return "\n\n".join(f"## {section.label}\n\n{text}" for section, text in version.filled_sections())


def open_proposal(community: Community):
    """The consent decision on the charter in progress, if any (any version)."""
    return (
        Proposal.objects.filter(community=community, subject__startswith=SUBJECT_PREFIX, state__in=OPEN_STATES)
        .order_by("-pk")
        .first()
    )


def adoption_decision(charter: Charter | None) -> Proposal | None:
    """The consent decision that adopted the charter's adopted version, if it was adopted so."""
    if charter is None or charter.adopted_version is None:
        return None
    subject = f"{SUBJECT_PREFIX}{charter.adopted_version.number}"
    return (
        Proposal.objects.filter(community_id=charter.community_id, subject=subject, state=State.ADOPTED)
        .order_by("-decided_at")
        .first()
    )


@transaction.atomic
def charter_submit(*, community: Community, number: int, actor: User) -> Proposal:
    """Submit a version for adoption: a consent proposal of the core team's circle, subject "charter:<n>".

    The version is adopted when that decision is (`charter_mark_adopted`, told by the decision's
    event); a version saved after an adoption is submitted the same way.
    """
    permissions.require(actor, charter_permissions.SUBMIT, community)
    charter = Charter.objects.select_for_update().filter(community=community).first()
    version = charter.versions.filter(number=number).first() if charter else None
    if charter is None or version is None:
        raise ValidationError(_("There is no version %(number)s of the charter.") % {"number": number})
    if charter.adopted_version_id == version.pk:
        raise ValidationError(_("Version %(number)s is already the adopted charter.") % {"number": number})
    pending = open_proposal(community)
    if pending is not None:
        raise ValidationError(
            _("A consent decision on the charter is in progress (%(title)s): it must end, adopted or withdrawn, first.")
            % {"title": pending.title}
        )
    proposal = decisions.proposal_create(
        community=community,
        actor=actor,
        circle=core_team_circle(community),
        title=_("Charter, version %(number)s") % {"number": number},
        text=charter_markdown(version),
        deadline=timezone.now() + timedelta(days=SUBMIT_DAYS),
        visibility=charter.visibility,
        subject=f"{SUBJECT_PREFIX}{number}",
    )
    return decisions.proposal_open(proposal=proposal, actor=actor)


@transaction.atomic
def charter_mark_adopted(*, community: Community, number: int, actor: User | None) -> CharterVersion | None:
    """Mark a version as the adopted charter, the one members and visitors read, with who and when.

    Called when the core team's circle adopted it by consent (subscribers.decision_adopted), never
    by a click: nobody adopts the charter alone.
    """
    charter = Charter.objects.select_for_update().filter(community=community).first()
    version = charter.versions.filter(number=number).first() if charter else None
    if charter is None or version is None:
        return None  # the version is gone (the community erased): nothing to adopt
    if charter.adopted_version_id == version.pk:
        return version
    # A null foreign key reads as None without a query.
    previous = charter.adopted_version.number if charter.adopted_version is not None else None
    version.adopted_at = timezone.now()
    version.adopted_by = actor
    version.save(update_fields=["adopted_at", "adopted_by"])
    charter.adopted_version = version
    charter.save(update_fields=["adopted_version"])
    audit.record(
        actor=actor,
        community=community,
        action="charter.adopted",
        target=version,
        before={"version": previous},
        after={"version": number},
    )
    events.announce(
        events.CHARTER_ADOPTED,
        community=community,
        version=version,
        number=version.number,
        actor=actor,
        visibility=charter.visibility,
        url=charter.get_absolute_url(),
    )
    return version
