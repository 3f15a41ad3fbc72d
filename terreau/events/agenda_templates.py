"""The agenda an event of each kind starts with, worded after the guide.

An item taken from a template keeps its `guide_key` and leaves its title and notes empty until
an organiser edits them: it shows the guide's wording in each reader's language (like the
launch's guide texts). The launch day's items keep the keys (and the words) of the launch plan
they replace.
"""

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .models import EventKind

# key: (title, notes, minutes)
GUIDE: dict[str, tuple[StrOrPromise, StrOrPromise, int]] = {
    # The launch day: the guide's "great chapters" of the one-day launch meeting, 9:30 to 16:45
    # with an hour for lunch.
    "expectations": (
        _("Expectations of the participants"),
        _("What each participant expects from the community of practice."),
        45,
    ),
    "purpose": (
        _("Purpose, scope and objectives"),
        _(
            "Why the community exists, what it covers and what it aims for. The core team brings "
            "proposals prepared beforehand, without closing the discussion."
        ),
        60,
    ),
    "working_together": (
        _("How we will work together"),
        _("- Governance\n- The working charter\n- The collaborative tools"),
        75,
    ),
    "lunch": (_("Lunch break"), "", 60),
    "roles": (
        _("Who holds which role?"),
        _("The roles the community needs to work, and who takes each of them on."),
        45,
    ),
    "thematic_work": (
        _("First thematic work"),
        _("The first themes, projects or working groups the community takes up."),
        90,
    ),
    "action_plan": (
        _("The 3-6 month action plan"),
        _(
            "The action plan for the coming 3 to 6 months, to launch and develop the community: "
            "who does what, and by when."
        ),
        60,
    ),
    # The monthly meeting: the guide's regular meeting, which keeps the community alive.
    "monthly_welcome": (
        _("Welcome and round of news"),
        _("Who is here, and what is new for each: projects, questions, successes."),
        15,
    ),
    "monthly_follow_up": (
        _("Follow-up of the action plan"),
        _("What moved since the last meeting, what is blocked, where help is needed."),
        20,
    ),
    "monthly_topic": (
        _("Topic of the month"),
        _("A practice, a lesson learned, a guest speaker or a question a member brings."),
        60,
    ),
    "monthly_next": (
        _("Next steps and next meeting"),
        _("Who does what by the next meeting, its date and its topic."),
        15,
    ),
    # A workshop or co-development session: a member's situation, worked on by peers.
    "workshop_welcome": (
        _("Welcome and rules of the session"),
        _("Listening, kindness, confidentiality: what is said here stays here."),
        10,
    ),
    "workshop_situation": (
        _("A member presents a situation"),
        _("A concrete problem or project, and the question the member asks the group."),
        15,
    ),
    "workshop_questions": (
        _("Clarifying questions"),
        _("The group asks questions to understand, without giving advice yet."),
        20,
    ),
    "workshop_ideas": (
        _("Ideas and suggestions"),
        _("Each participant offers ideas, practices and experiences; the member listens and notes."),
        30,
    ),
    "workshop_plan": (
        _("Action plan of the member"),
        _("What the member keeps and will try, and by when."),
        15,
    ),
    "workshop_lessons": (
        _("What each takes away"),
        _("A round: what each participant learned for their own practice."),
        10,
    ),
    # The contributor interview: the potential users of a contributor's practices and lessons
    # learned interview them, typically before they leave.
    "interview_context": (
        _("The contributor's role and projects"),
        _("What they did in the community, with whom, and what they leave behind."),
        15,
    ),
    "interview_practices": (
        _("Practices that worked"),
        _("What worked, and what made it work: the practices worth keeping."),
        30,
    ),
    "interview_lessons": (
        _("Lessons learned"),
        _("What worked less, and why; what they would do differently."),
        30,
    ),
    "interview_contacts": (
        _("Key people and resources"),
        _("The people, organisations, networks and documents to know."),
        15,
    ),
    "interview_follow_up": (
        _("What to write down and who follows up"),
        _("The knowledge items to write from the interview, and who writes them."),
        10,
    ),
    # The handover (passage de témoin): the team whose project ends meets the teams starting a
    # similar one.
    "handover_round": (
        _("Round of introductions"),
        _("The team whose project ends, and the teams about to start a similar one."),
        10,
    ),
    "handover_lessons": (
        _("The lessons learned of the finished project"),
        _("What worked, what worked less, and the most important points to take into account."),
        40,
    ),
    "handover_questions": (
        _("The urgent questions of the new teams"),
        _("The burning questions the new teams prepared, answered by the experienced team."),
        40,
    ),
    "handover_next": (
        _("Who to contact, what to pass on"),
        _("Key contacts and documents handed over, and how the teams keep in touch."),
        15,
    ),
}

# Each kind's agenda, in order; a kind without one starts empty.
TEMPLATES: dict[str, list[str]] = {
    EventKind.LAUNCH_DAY: [
        "expectations",
        "purpose",
        "working_together",
        "lunch",
        "roles",
        "thematic_work",
        "action_plan",
    ],
    EventKind.MONTHLY_MEETING: ["monthly_welcome", "monthly_follow_up", "monthly_topic", "monthly_next"],
    EventKind.GROUP_MEETING: ["monthly_welcome", "monthly_follow_up", "monthly_next"],
    EventKind.WORKSHOP: [
        "workshop_welcome",
        "workshop_situation",
        "workshop_questions",
        "workshop_ideas",
        "workshop_plan",
        "workshop_lessons",
    ],
    EventKind.INTERVIEW: [
        "interview_context",
        "interview_practices",
        "interview_lessons",
        "interview_contacts",
        "interview_follow_up",
    ],
    EventKind.HANDOVER: ["handover_round", "handover_lessons", "handover_questions", "handover_next"],
}


def title(key: str) -> str:
    found = GUIDE.get(key)
    return str(found[0]) if found else ""


def notes(key: str) -> str:
    found = GUIDE.get(key)
    return str(found[1]) if found else ""


def minutes(key: str) -> int:
    found = GUIDE.get(key)
    return found[2] if found else 30


def template_for(kind: str) -> list[str]:
    """The guide keys of the agenda an event of `kind` starts with (possibly none)."""
    return list(TEMPLATES.get(kind, []))
