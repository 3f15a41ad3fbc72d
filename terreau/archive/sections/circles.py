"""The circles: who belongs where (the core team, the steering circle, the working groups and
projects), with their purpose, their information and the double link."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.circles.models import Circle, CircleKind, CircleMember
from terreau.circles.services.circles import core_team_circle
from terreau.communities.models import Membership

from ._kit import dated, iso, moment, names_people, reads, rid, stream
from .base import Section

KIND = "circles.circle"


def export(ctx):
    if not reads(ctx, "circles.view"):
        return
    with_people = names_people(ctx)
    circles = (
        Circle.objects.filter(community=ctx.community, visibility__in=ctx.visibilities)
        .select_related("lead_link__user", "representative__user", "parent")
        .order_by("pk")
    )
    core_team = []
    if with_people:
        circles = circles.prefetch_related(
            Prefetch("members", CircleMember.objects.select_related("membership__user").order_by("pk"))
        )
        core_team = list(
            Membership.objects.filter(community=ctx.community, is_core_team=True).select_related("user").order_by("pk")
        )
    for circle in stream(circles):
        record = {
            "kind": KIND,
            "id": rid(KIND, circle.pk),
            "circle_kind": circle.kind,
            "name": circle.name,
            "title": circle.display_name,
            "purpose": circle.purpose,
            "information": circle.information,
            "information_updated_at": iso(circle.information_updated_at),
            "joining": circle.joining,
            "visibility": circle.visibility,
            # A parent the scope may not see stays unnamed.
            "parent": rid(KIND, circle.parent_id)
            if circle.parent and circle.parent.visibility in ctx.visibilities
            else None,
            "created_at": iso(circle.created_at),
            "closed_at": iso(circle.closed_at),
            "lead_link": ctx.person(circle.lead_link) if with_people and circle.lead_link else None,
            "representative": ctx.person(circle.representative) if with_people and circle.representative else None,
            "members": [],
        }
        if with_people:
            if circle.is_core_team:
                record["members"] = [
                    {"person": ctx.person(member), "coordinator": False, "joined_at": None} for member in core_team
                ]
            else:
                record["members"] = [
                    {
                        "person": ctx.person(row.membership),
                        "coordinator": row.is_coordinator,
                        "joined_at": iso(row.joined_at),
                    }
                    for row in circle.members.all()
                ]
        yield record


def load(ctx, records):
    parents = []
    for record in records:
        fields = {
            "name": record["name"],
            "purpose": record["purpose"],
            "information": record["information"],
            "information_updated_at": moment(record["information_updated_at"]),
            "joining": record["joining"],
            "visibility": record["visibility"],
            "closed_at": moment(record["closed_at"]),
            "lead_link": ctx.membership(record["lead_link"]),
            "representative": ctx.membership(record["representative"]),
        }
        if record["circle_kind"] == CircleKind.CORE_TEAM:
            # One a community: the new community's, made on first use, takes the archived words.
            circle = core_team_circle(ctx.community)
            for name, value in fields.items():
                setattr(circle, name, value)
            circle.save()
            for member in record["members"]:
                membership = ctx.membership(member["person"])
                if membership is not None and not membership.is_core_team:
                    membership.is_core_team = True
                    membership.save(update_fields=["is_core_team"])
        else:
            circle = Circle.objects.create(community=ctx.community, kind=record["circle_kind"], **fields)
            for member in record["members"]:
                membership = ctx.membership(member["person"])
                if membership is None:
                    continue
                row = CircleMember.objects.create(
                    circle=circle, membership=membership, is_coordinator=member["coordinator"]
                )
                if member["joined_at"]:
                    dated(row, joined_at=moment(member["joined_at"]))
        dated(circle, created_at=moment(record["created_at"]))
        ctx.remember(record["id"], circle)
        if record["parent"]:
            parents.append((circle, record["parent"]))
    # A parent may come after its child (a circle moved under a newer one): tied at the end.
    for circle, parent_id in parents:
        parent = ctx.lookup(parent_id)
        if parent is not None:
            Circle.objects.filter(pk=circle.pk).update(parent=parent)


def markdown(record) -> str:
    lines = [f"# {record['title']}", ""]
    if record["purpose"]:
        lines += [f"**{_('Purpose')}:** {record['purpose']}", ""]
    if record["information"]:
        lines += [record["information"], ""]
    return "\n".join(lines)


SECTION = Section(
    key="circles",
    title=gettext_lazy("Circles"),
    kinds=(KIND,),
    export=export,
    load=load,
    page_template="archive/site/sections/circles.html",
    markdown=markdown,
    label=lambda record: record["title"],
)
