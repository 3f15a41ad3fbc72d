"""The recognition document: its first draft gathered from the community's life, and its office files.

The draft is Markdown with one heading a part (purpose, figures, practices, lessons, decisions,
contributors thanked); the core team edits it before publishing. It names only the things a
reader of `visibility` may see, so that a public recognition does not reveal members' titles.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terreau.communities.models import Community, Membership, RoleAssignment
from terreau.core.documents import DOCX_TYPE, ODT_TYPE, Document, export_filename
from terreau.core.models import Visibility
from terreau.decisions.models import Proposal, State
from terreau.definition.models import CommunityDefinition
from terreau.events.models import Event
from terreau.exchanges.models import Answer, Question
from terreau.knowledge.item_types import ItemType
from terreau.knowledge.models import ItemStatus, KnowledgeItem

from .models import Recognition

FORMATS = {"odt": ODT_TYPE, "docx": DOCX_TYPE}
# The longest lists of a draft: the core team adds what matters beyond them.
LIST_MAX = 15

# Which visibilities a reader of a thing of `visibility` sees (public sees only public...).
WITHIN = {
    Visibility.PUBLIC: [Visibility.PUBLIC],
    Visibility.MEMBERS: [Visibility.PUBLIC, Visibility.MEMBERS],
    Visibility.CORE_TEAM: [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.CORE_TEAM],
}


@dataclass
class Figures:
    members: int
    active_members: int
    events_held: int
    items_published: int
    questions_answered: int


def default_title(community: Community) -> str:
    return _("Thank you: what %(community)s achieved") % {"community": community.name}


def _link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def figures(community: Community) -> Figures:
    now = timezone.now()
    members = Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
    return Figures(
        members=members.count(),
        active_members=len(_contributions(community)),
        events_held=Event.objects.filter(community=community, status=Event.Status.SCHEDULED, starts_at__lt=now).count(),
        items_published=KnowledgeItem.objects.filter(community=community, status=ItemStatus.PUBLISHED).count(),
        questions_answered=Question.objects.filter(community=community, first_answer_at__isnull=False).count(),
    )


def _contributions(community: Community) -> dict[int, dict]:
    """{user id: {"name", "items", "answers", "questions", "events", "roles"}}: who did what."""
    people: dict[int, dict] = defaultdict(lambda: {"name": "", **dict.fromkeys(CONTRIBUTIONS, 0), "roles": []})

    def add(rows, what):
        for user_id, name, count in rows:
            if user_id is not None:
                people[user_id]["name"] = name
                people[user_id][what] += count

    add(
        KnowledgeItem.objects.filter(community=community, status=ItemStatus.PUBLISHED)
        .values_list("author", "author__display_name")
        .annotate(n=Count("pk"))
        .order_by(),
        "items",
    )
    add(
        Answer.objects.filter(question__community=community)
        .values_list("author", "author__display_name")
        .annotate(n=Count("pk"))
        .order_by(),
        "answers",
    )
    add(
        Question.objects.filter(community=community)
        .values_list("author", "author__display_name")
        .annotate(n=Count("pk"))
        .order_by(),
        "questions",
    )
    add(
        Event.objects.filter(community=community, status=Event.Status.SCHEDULED)
        .values_list("organisers__user", "organisers__user__display_name")
        .annotate(n=Count("pk"))
        .order_by(),
        "events",
    )
    for user_id, name, role, kind in RoleAssignment.objects.filter(
        membership__community=community, role__retired_at__isnull=True
    ).values_list("membership__user", "membership__user__display_name", "role__name", "role__kind"):
        people[user_id]["name"] = name
        people[user_id]["roles"].append(role or kind)
    return dict(people)


CONTRIBUTIONS = ["items", "answers", "questions", "events"]


def _thanks(person: dict) -> str:
    parts = []
    if person["items"]:
        parts.append(ngettext("%(n)s item written", "%(n)s items written", person["items"]) % {"n": person["items"]})
    if person["answers"]:
        parts.append(
            ngettext("%(n)s answer given", "%(n)s answers given", person["answers"]) % {"n": person["answers"]}
        )
    if person["questions"]:
        parts.append(
            ngettext("%(n)s question asked", "%(n)s questions asked", person["questions"]) % {"n": person["questions"]}
        )
    if person["events"]:
        parts.append(
            ngettext("%(n)s event organised", "%(n)s events organised", person["events"]) % {"n": person["events"]}
        )
    if person["roles"]:
        parts.append(_("role: %(roles)s") % {"roles": ", ".join(sorted(str(role) for role in person["roles"]))})
    return ", ".join(parts)


def _role_names(community: Community) -> dict[str, str]:
    from terreau.communities.models import RoleKind

    return {value: str(label) for value, label in RoleKind.choices}


def draft(community: Community, visibility: str = Visibility.MEMBERS) -> str:
    """The first draft, in the language active now."""
    seen = WITHIN.get(visibility, WITHIN[Visibility.MEMBERS])
    parts = [_("Thank you to everyone who carried %(community)s.") % {"community": community.name}]

    parts.append("## " + _("Purpose"))
    purpose = [community.purpose.strip()]
    definition = CommunityDefinition.objects.filter(community=community, visibility__in=seen).first()
    if definition and definition.why.strip():
        purpose.append(definition.why.strip())
    parts.append("\n\n".join(text for text in purpose if text))

    found = figures(community)
    parts.append("## " + _("Figures"))
    parts.append(
        "\n".join(
            f"- {line}"
            for line in [
                ngettext("%(n)s member", "%(n)s members", found.members) % {"n": found.members},
                ngettext("%(n)s active member", "%(n)s active members", found.active_members)
                % {"n": found.active_members},
                ngettext("%(n)s event held", "%(n)s events held", found.events_held) % {"n": found.events_held},
                ngettext("%(n)s item published", "%(n)s items published", found.items_published)
                % {"n": found.items_published},
                ngettext("%(n)s question answered", "%(n)s questions answered", found.questions_answered)
                % {"n": found.questions_answered},
            ]
        )
    )

    items = KnowledgeItem.objects.filter(
        community=community, status=ItemStatus.PUBLISHED, visibility__in=seen
    ).order_by("-view_count", "-published_at")
    for heading, item_type in [
        (_("Main practices"), ItemType.GOOD_PRACTICE),
        (_("Lessons learned"), ItemType.LESSONS_LEARNED),
    ]:
        parts.append("## " + heading)
        chosen = list(items.filter(type=item_type)[:LIST_MAX])
        parts.append(
            "\n".join(f"- [{item.title}]({_link(item.get_absolute_url())})" for item in chosen)
            or _("(None recorded: add them here.)")
        )

    parts.append("## " + _("Decisions"))
    decisions = Proposal.objects.filter(community=community, state=State.ADOPTED, visibility__in=seen).order_by(
        "-decided_at"
    )[:LIST_MAX]
    parts.append(
        "\n".join(
            f"- [{proposal.title}]({_link(proposal.get_absolute_url())})"
            + (
                f" ({date_format(timezone.localtime(proposal.decided_at), 'DATE_FORMAT')})"
                if proposal.decided_at
                else ""
            )
            for proposal in decisions
        )
        or _("(None recorded: add them here.)")
    )

    parts.append("## " + _("Contributors thanked"))
    kinds = _role_names(community)
    people = _contributions(community)
    for person in people.values():
        person["roles"] = [kinds.get(role, role) for role in person["roles"]]
    ranked = sorted(
        people.values(), key=lambda p: (-(sum(p[what] for what in CONTRIBUTIONS) + 3 * len(p["roles"])), p["name"])
    )
    parts.append("\n".join(f"- **{person['name']}**: {_thanks(person)}" for person in ranked) or _("(Nobody yet.)"))
    return "\n\n".join(parts) + "\n"


def markdown(recognition: Recognition) -> str:
    return f"# {recognition.title}\n\n{recognition.text}"


def document(recognition: Recognition) -> Document:
    published = (
        _("Published on %(date)s.") % {"date": date_format(timezone.localtime(recognition.published_at), "DATE_FORMAT")}
        if recognition.published_at
        else _("Draft, not published.")
    )
    doc = Document(title=recognition.title, community=recognition.community.name, subtitle=published)
    # The text's "## Part" are the document's first level; a stray "# Title" stays a first level too.
    doc.markdown(recognition.text, base_level=0)
    for block in doc.blocks:
        block.level = max(1, block.level)
    return doc


def filename(recognition: Recognition, extension: str) -> str:
    return export_filename(_("recognition"), recognition.community.slug, extension)


def build(recognition: Recognition, extension: str) -> bytes:
    doc = document(recognition)
    return doc.odt() if extension == "odt" else doc.docx()
