"""The who-does-what: the roles and who held them for which term, the core team, and the
elections without candidates that filled roles, by their outcome only (the role, the person
elected, the term): nominations and their reasons stay secret, and are never archived."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.circles.services.circles import core_team_circle
from terreau.communities.models import Membership, Role, RoleAssignment, RoleKind
from terreau.elections.models import Election, Phase

from ._kit import create_dated, dated, day, iso, moment, reads, rid, stream
from .base import Section

ROLE = "roles.role"
CORE_TEAM = "roles.core_team"
ELECTION = "elections.election"
CIRCLE = "circles.circle"


def _roles(ctx):
    roles = (
        Role.objects.filter(community=ctx.community, visibility__in=ctx.visibilities)
        .prefetch_related(
            Prefetch(
                "assignments",
                RoleAssignment.objects.select_related("membership__user").order_by("assigned_at", "pk"),
            )
        )
        .order_by("position", "pk")
    )
    for role in stream(roles):
        yield {
            "kind": ROLE,
            "id": rid(ROLE, role.pk),
            "role_kind": role.kind,
            "name": role.name,
            "title": role.display_name,
            "description": role.description,
            "hours_per_month": iso(role.hours_per_month),
            "visibility": role.visibility,
            "position": role.position,
            "retired_at": iso(role.retired_at),
            "assignments": [
                {
                    "person": ctx.person(assignment.membership),
                    "assigned_at": iso(assignment.assigned_at),
                    "term_ends_on": iso(assignment.term_ends_on),
                }
                for assignment in role.assignments.all()
            ],
        }


def _core_team(ctx):
    members = Membership.objects.filter(community=ctx.community, is_core_team=True).select_related("user")
    yield {
        "kind": CORE_TEAM,
        "id": rid(CORE_TEAM, ctx.community.pk),
        "title": str(_("Core team")),
        "members": [ctx.person(member) for member in members.order_by("pk")],
    }


def _elections(ctx):
    if not reads(ctx, "elections.view"):
        return
    elections = (
        Election.objects.filter(community=ctx.community, phase=Phase.DONE, visibility__in=ctx.visibilities)
        .select_related("role", "circle", "facilitator__user", "elected__user")
        .order_by("created_at", "pk")
    )
    for election in stream(elections):
        circle = election.circle
        yield {
            "kind": ELECTION,
            "id": rid(ELECTION, election.pk),
            "title": str(election.title),
            "subject": election.subject,
            "role": rid(ROLE, election.role_id)
            if election.role and election.role.visibility in ctx.visibilities
            else None,
            "circle": rid(CIRCLE, circle.pk) if circle.visibility in ctx.visibilities else None,
            "description": election.description,
            "term_months": election.term_months,
            "facilitator": ctx.person(election.facilitator),
            "elected": ctx.person(election.elected),
            "term_ends_on": iso(election.term_ends_on),
            "visibility": election.visibility,
            "created_at": iso(election.created_at),
        }


def export(ctx):
    if not reads(ctx, "roles.view"):
        return
    yield from _roles(ctx)
    yield from _core_team(ctx)
    yield from _elections(ctx)


def _load_role(ctx, record, guide_roles):
    fields = {
        "name": record["name"],
        "description": record["description"],
        "hours_per_month": record["hours_per_month"],
        "visibility": record["visibility"],
        "position": record["position"],
        "retired_at": moment(record["retired_at"]),
    }
    # The new community has the guide's roles already: an archived guide role takes its place.
    role = guide_roles.pop(record["role_kind"], None) if record["role_kind"] != RoleKind.CUSTOM else None
    if role is None:
        role = Role.objects.create(community=ctx.community, kind=record["role_kind"], **fields)
    else:
        for name, value in fields.items():
            setattr(role, name, value)
        role.save()
    rows = []
    for assignment in record["assignments"]:
        membership = ctx.membership(assignment["person"])
        if membership is not None:
            rows.append(
                (
                    RoleAssignment(role=role, membership=membership, term_ends_on=day(assignment["term_ends_on"])),
                    {"assigned_at": moment(assignment["assigned_at"])},
                )
            )
    create_dated(RoleAssignment, rows)
    ctx.remember(record["id"], role)


def _load_core_team(ctx, record):
    for person in record["members"]:
        membership = ctx.membership(person)
        if membership is not None and not membership.is_core_team:
            membership.is_core_team = True
            membership.save(update_fields=["is_core_team"])


def _load_election(ctx, record):
    facilitator = ctx.membership(record["facilitator"])
    if facilitator is None:
        return
    election = Election.objects.create(
        community=ctx.community,
        subject=record["subject"],
        role=ctx.lookup(record["role"]),
        circle=ctx.lookup(record["circle"]) or core_team_circle(ctx.community),
        description=record["description"],
        term_months=record["term_months"],
        facilitator=facilitator,
        visibility=record["visibility"],
        phase=Phase.DONE,
        elected=ctx.membership(record["elected"]),
        term_ends_on=day(record["term_ends_on"]),
        # An archived term's end is not reminded again in the new community.
        term_reminded_at=timezone.now(),
    )
    ctx.remember(record["id"], dated(election, created_at=moment(record["created_at"])))


def load(ctx, records):
    guide_roles = {}
    for role in Role.objects.filter(community=ctx.community).exclude(kind=RoleKind.CUSTOM).order_by("pk"):
        guide_roles.setdefault(role.kind, role)
    for record in records:
        if record["kind"] == ROLE:
            _load_role(ctx, record, guide_roles)
        elif record["kind"] == CORE_TEAM:
            _load_core_team(ctx, record)
        else:
            _load_election(ctx, record)


def markdown(record) -> str:
    if record["kind"] == ROLE:
        lines = [f"# {record['title']}", "", record["description"], ""]
        lines.append(_("%(hours)s hours a month") % {"hours": record["hours_per_month"]})
        return "\n".join(lines) + "\n"
    if record["kind"] == ELECTION:
        return f"# {record['title']}\n\n{record['description']}\n"
    return f"# {record['title']}\n"


SECTION = Section(
    key="roles",
    title=gettext_lazy("Who does what"),
    kinds=(ROLE, CORE_TEAM, ELECTION),
    export=export,
    load=load,
    page_template="archive/site/sections/roles.html",
    markdown=markdown,
    label=lambda record: record["title"],
)
