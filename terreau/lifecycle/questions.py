"""The guide's questions, phase by phase: what a core team answers together.

Keys are stable (answers refer to them); texts are translatable and follow the guide.
`tool` names the page where the work is done, when Terreau has one. When `written_in_tool`, the
answer itself is written there and only there (one source, which the charter's draft reads): the
workspace keeps the question's status and who takes it on.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from terreau.communities.models import Phase


@dataclass(frozen=True)
class Question:
    key: str
    phase: str
    text: str
    tool: str = ""
    written_in_tool: bool = False


QUESTIONS = [
    # Define
    Question(
        "define.why",
        Phase.DEFINE,
        _("Why set up a community of practice? Which challenges and expectations can it answer?"),
        "definition:scope",
        written_in_tool=True,
    ),
    Question(
        "define.stakeholders",
        Phase.DEFINE,
        _("Who are the stakeholders of the theme, and which of them should be involved?"),
        "definition:stakeholders",
    ),
    Question(
        "define.needs",
        Phase.DEFINE,
        _("What are the stakeholders' challenges and needs? Don't guess them: talk with them."),
        "definition:stakeholders",
    ),
    Question(
        "define.objectives",
        Phase.DEFINE,
        _("Which objectives: mutual help, proven practices, content, innovation, or a mix of them?"),
        "definition:scope",
        written_in_tool=True,
    ),
    Question(
        "define.scope",
        Phase.DEFINE,
        _(
            "Which scope, given the target populations and their interests? Which networks already exist on the theme, and what unique value does this community bring?"
        ),
        "definition:scope",
    ),
    Question(
        "define.members",
        Phase.DEFINE,
        _(
            "Who are the permanent members, who are the guests (resource persons, experts), and who is not part of the community?"
        ),
        "definition:scope",
    ),
    # Design
    Question(
        "design.core_team",
        Phase.DESIGN,
        _("Who forms the core team (2-3 people minimum, 5-6 maximum)?"),
        "communities:members",
    ),
    Question(
        "design.roles",
        Phase.DESIGN,
        _(
            "Which roles does a minimal community need, who holds them, and how are they shared out (open allocation, election without candidates)?"
        ),
        "communities:roles",
    ),
    Question(
        "design.rules",
        Phase.DESIGN,
        _("Which common rules for working together (the rights and duties of each)?"),
        "charter:detail",
    ),
    Question(
        "design.interactions",
        Phase.DESIGN,
        _("Which modes of interaction? Which face-to-face and online activities, at what rhythm?"),
        "launch:activities",
    ),
    Question(
        "design.structure",
        Phase.DESIGN,
        _(
            "Which structural elements (core team, working groups, steering circle), with which roles and accountabilities?"
        ),
        "charter:detail",
    ),
    Question(
        "design.communication",
        Phase.DESIGN,
        _("Which communication processes: within each circle, between circles, with the outside?"),
        "charter:detail",
    ),
    Question(
        "design.decisions",
        Phase.DESIGN,
        _("Which decision-making modes (for example, decision by consent)?"),
        "charter:detail",
    ),
    Question(
        "design.knowledge",
        Phase.DESIGN,
        _(
            "How is knowledge captured and made available (questions and answers, wiki, experience sheets, knowledge-transfer sessions)?"
        ),
        "charter:detail",
    ),
    Question("design.entry_exit", Phase.DESIGN, _("What are the rules for joining and leaving?"), "charter:detail"),
    Question(
        "design.tools",
        Phase.DESIGN,
        _(
            "Which collaborative tools for which needs (share documents, comment, alert, spread information, run small projects, consult members), with which access for the core team, members and outsiders, and which user guides?"
        ),
    ),
    # Launch
    Question(
        "launch.event",
        Phase.LAUNCH,
        _("Which launch event? Ideally a one-day launch meeting prepared by the core team."),
        "launch:meeting",
    ),
    Question(
        "launch.participants",
        Phase.LAUNCH,
        _(
            "Who is invited, and how is the call for expressions of interest spread (networks, mailing lists, word of mouth)?"
        ),
        "calls:list",
    ),
    Question(
        "launch.agenda",
        Phase.LAUNCH,
        _(
            "Is the launch-day agenda ready: expectations; purpose, scope and objectives; how we work together; who holds which role; first thematic work; the 3-6 month plan?"
        ),
        "launch:meeting",
    ),
    Question(
        "launch.deliverables",
        Phase.LAUNCH,
        _(
            "Are the deliverables ready: the charter, the who-does-what, the calendar of activities and the 3-month action plan?"
        ),
        "launch:pack",
    ),
    Question(
        "launch.follow_up",
        Phase.LAUNCH,
        _(
            "How are the 3-6 months after the launch followed up: support where the action plan is stuck, small working-group meetings, the knowledge base, help with the tools?"
        ),
        "launch:actions",
    ),
    # Run and grow
    Question(
        "run.mobilisation",
        Phase.RUN,
        _(
            "Which plan to mobilise members: activities, workshops, valuing contributions, resource persons, welcoming newcomers?"
        ),
    ),
    Question(
        "run.key_actions",
        Phase.RUN,
        _(
            "Who gives the facilitators' hour a week: a message a week to every member, a meeting about once a month (never two cancelled in a row), the feed and the sharing space kept up to date?"
        ),
        "communities:roles",
    ),
    Question("run.measure", Phase.RUN, _("How are the members' engagement and satisfaction measured?")),
    Question(
        "run.grow",
        Phase.RUN,
        _(
            "How will the community grow: recruit, connect with similar communities, find external support, show its value?"
        ),
    ),
    Question(
        "run.evaluate",
        Phase.RUN,
        _(
            "When is the community evaluated (every 3 months the first year, every 6 months after), and what are its strengths and areas for improvement?"
        ),
    ),
    Question(
        "run.renew",
        Phase.RUN,
        _(
            "Which renewal plan: objectives and scope, core team, roles, themes, activities, recruitment and welcome of newcomers?"
        ),
    ),
    # Close
    Question(
        "close.transfer",
        Phase.CLOSE,
        _(
            "How is the knowledge made accessible and transferred, so that nothing disappears into a black hole? Which organisations may want it?"
        ),
    ),
    Question(
        "close.retrospective", Phase.CLOSE, _("Retrospective: what would we keep, stop, add, do more of, do less of?")
    ),
    Question(
        "close.recognition",
        Phase.CLOSE,
        _("How are the community's work, and the time and energy some people gave it, recognised?"),
    ),
    Question("close.celebration", Phase.CLOSE, _("How do we celebrate what was done together?")),
]

BY_KEY = {question.key: question for question in QUESTIONS}
WORK_PHASES: list[str] = [Phase.DEFINE, Phase.DESIGN, Phase.LAUNCH, Phase.RUN, Phase.CLOSE]
ORDER: list[str] = [*WORK_PHASES, Phase.CLOSED]


def for_phase(phase: str) -> list[Question]:
    return [question for question in QUESTIONS if question.phase == phase]
