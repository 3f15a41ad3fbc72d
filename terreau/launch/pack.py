"""The launch pack: the four deliverables the guide names, gathered in one page and one document.

The launch day's agenda (an event of terreau/events), then the charter, who-does-what, calendar
of activities, 3-month action plan — each as this person may read it (the adopted charter; the
core team also sees a draft, labelled as such).
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

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
from terreau.core import text
from terreau.core.documents import Document, export_filename
from terreau.events.services import agenda as agenda_services

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
    launch_day: object = None  # events.Event, as this person may see it
    launch_agenda: object = None  # its agenda (events.services.agenda.Agenda)


def _launch_day(community: Community, user) -> dict:
    event = agenda_services.launch_day_for(user, community)
    return {"launch_day": event, "launch_agenda": agenda_services.agenda_of(event) if event else None}


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
            **_launch_day(community, user),
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
        **_launch_day(community, user),
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
    _launch_day_section(doc, pack)
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


def _launch_day_section(doc: Document, pack: Pack) -> None:
    doc.heading(_("Launch day"), level=1)
    event, agenda = pack.launch_day, pack.launch_agenda
    if event is None or agenda is None:
        doc.paragraph(_("The launch day is not planned yet."))
        return
    zone = ZoneInfo(pack.community.time_zone)
    starts, ends = timezone.localtime(event.starts_at, zone), timezone.localtime(event.ends_at, zone)
    when = _("%(day)s, from %(start)s to %(end)s") % {
        "day": date_format(starts, "DATE_FORMAT"),
        "start": starts.strftime("%H:%M"),
        "end": ends.strftime("%H:%M"),
    }
    doc.paragraph(f"{when}" + (f" — {event.place}" if event.place else ""))
    if not agenda.items:
        doc.paragraph(_("The agenda is empty."))
        return
    doc.table(
        [_("Time"), _("Item"), _("Duration"), _("Led by")],
        [
            [
                f"{timezone.localtime(timed.starts_at, zone):%H:%M}–{timezone.localtime(timed.ends_at, zone):%H:%M}",
                timed.item.display_title,
                text.duration(timed.item.duration),
                timed.item.lead.user.display_name if timed.item.lead else "",
            ]
            for timed in agenda.items
        ],
    )
