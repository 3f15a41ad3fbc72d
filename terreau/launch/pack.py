"""The launch pack: the four deliverables the guide names, gathered in one page and one document.

Charter, who-does-what, calendar of activities, 3-month action plan — each as this person may
read it (the adopted charter; the core team also sees a draft, labelled as such).
"""

from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.charter import exports as charter_exports
from terreau.charter import permissions as charter_permissions
from terreau.charter import selectors as charter_selectors
from terreau.communities import selectors as community_selectors
from terreau.communities.models import Community
from terreau.core.documents import Document, export_filename

from . import selectors


@dataclass
class Pack:
    community: Community
    charter: object
    charter_version: object
    roles: list
    members: list
    held: set
    activity_groups: list
    plan: object


def pack_for(community: Community, user, *, whole: bool = True) -> Pack:
    charter = charter_selectors.charter_for(community)
    if permissions.can(user, charter_permissions.HISTORY, community):
        version = (charter.adopted_version or charter_selectors.latest_version(charter)) if charter else None
    elif charter_permissions.can_read_adopted(user, community, charter):
        version = charter.adopted_version
    else:
        version = None
    if not whole:
        # The page: each role with its first holders, the plan's first actions, and links to the
        # full pages; the document carries everything.
        page = community_selectors.who_does_what_page(community, user, matrix=False)
        return Pack(
            community=community,
            charter=charter,
            charter_version=version,
            roles=page.roles,
            members=[],
            held=set(),
            activity_groups=selectors.activities_by_frequency(community, user),
            plan=selectors.actions_for_plan(community, user, timezone.localdate()),
        )
    roles, members, held = community_selectors.who_does_what(community, user)
    return Pack(
        community=community,
        charter=charter,
        charter_version=version,
        roles=roles,
        members=members,
        held=held,
        activity_groups=selectors.activities_by_frequency(community, user),
        plan=selectors.actions_for_plan(community, user, timezone.localdate()),
    )


def hours(role) -> str:
    """In French "4 h", "2,5 h": the hours as the reader writes numbers, never split over two lines."""
    return f"{floatformat(role.hours_per_month, '-1')}\N{NO-BREAK SPACE}h"


def filename(community: Community, extension: str) -> str:
    return export_filename(_("launch-pack"), community.slug, extension)


def document(pack: Pack) -> Document:
    doc = Document(
        title=_("Launch pack"),
        community=pack.community.name,
        date=date_format(timezone.localdate(), "DATE_FORMAT"),
    )
    doc.heading(_("Charter"), level=1)
    if pack.charter_version is not None:
        doc.paragraph(f"*{charter_exports.status(pack.charter, pack.charter_version)}*")
        for section, text in pack.charter_version.filled_sections():
            doc.heading(str(section.label), level=2)
            doc.markdown(text, base_level=3)
    else:
        doc.paragraph(_("No charter adopted yet."))

    # One row a role, rather than the member-by-role grid of the page: nine narrow columns would
    # break the names on an A4 page.
    doc.heading(_("Who does what"), level=1)
    if pack.roles:
        doc.table(
            [_("Role"), _("Hours per month"), _("Held by")],
            [
                [
                    role.display_name,
                    hours(role),
                    ", ".join(a.membership.user.display_name for a in role.assignments.all())
                    or "*" + _("the core team (nobody holds it yet)") + "*",
                ]
                for role in pack.roles
            ],
        )

    doc.heading(_("Calendar of activities"), level=1)
    any_activity = False
    for group in pack.activity_groups:
        if not group.activities:
            continue
        any_activity = True
        doc.heading(str(group.label), level=2)
        for activity in group.activities:
            who = f" — {activity.display_participants}" if activity.display_participants else ""
            doc.bullet(f"**{activity.display_title}**{who}")
    if not any_activity:
        doc.paragraph(_("No activity planned yet."))

    doc.heading(_("Action plan for the next 3 months"), level=1)
    if pack.plan.actions:
        doc.table(
            [_("Action"), _("Owners"), _("Due"), _("Status")],
            [
                [
                    action.title,
                    ", ".join(owner.user.display_name for owner in action.owners.all()),
                    date_format(action.due_date, "SHORT_DATE_FORMAT") if action.due_date else "",
                    action.get_status_display() + (" · " + _("needs support") if action.needs_support else ""),
                ]
                for action in pack.plan.actions
            ],
        )
    else:
        doc.paragraph(_("No action planned yet."))
    return doc
