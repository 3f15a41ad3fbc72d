"""Reads of the lifecycle workspace."""

from collections import Counter
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django_stubs_ext import StrOrPromise

from terreau.communities.models import Community, Phase

from . import permissions as lifecycle_permissions
from .models import Answer, PhaseChange
from .questions import WORK_PHASES, Question, for_phase


@dataclass
class QuestionRow:
    question: Question
    answer: Answer | None
    tool_url: str | None

    @property
    def status(self) -> str:
        return self.answer.status if self.answer else Answer.Status.OPEN

    @property
    def status_label(self) -> StrOrPromise:
        return Answer.Status(self.status).label


@dataclass
class PhaseProgress:
    phase: str
    label: StrOrPromise  # lazy: read in the language of the page
    total: int
    settled: int
    rows: list[QuestionRow] = field(default_factory=list)
    in_progress: int = 0

    @property
    def left(self) -> int:
        """Not settled yet: open or in progress."""
        return self.total - self.settled

    @property
    def open(self) -> int:
        """Nobody has started on it: no answer yet, or an answer still marked open."""
        return self.total - self.settled - self.in_progress


def tool_url(question: Question, community: Community) -> str | None:
    if not question.tool:
        return None
    try:
        return reverse(question.tool, args=[community.slug])
    except NoReverseMatch:  # a tool another part of Terreau has not built yet
        return None


def workspace(community: Community, user) -> list[PhaseProgress]:
    """Every working phase with its questions and the answers this person may read (one query)."""
    answers = {
        answer.question: answer
        for answer in lifecycle_permissions.answers_visible_to(user, community).select_related("assignee__user")
    }
    # Counted over every answer, those this person may not read included: counts reveal no text.
    statuses = dict(Answer.objects.filter(community=community).values_list("question", "status"))
    phases = []
    for phase in WORK_PHASES:
        rows = [QuestionRow(q, answers.get(q.key), tool_url(q, community)) for q in for_phase(phase)]
        counts = Counter(statuses.get(q.key) for q in for_phase(phase))
        phases.append(
            PhaseProgress(
                phase,
                Phase(phase).label,
                len(rows),
                counts[Answer.Status.SETTLED],
                rows,
                in_progress=counts[Answer.Status.IN_PROGRESS],
            )
        )
    return phases


def current_progress(community: Community) -> PhaseProgress | None:
    """What is left in the community's current phase (counts only: no private text)."""
    if community.phase not in WORK_PHASES:
        return None
    keys = [q.key for q in for_phase(community.phase)]
    counts = Counter(
        Answer.objects.filter(community=community, question__in=keys).values_list("status", flat=True).order_by()
    )
    return PhaseProgress(
        community.phase,
        Phase(community.phase).label,
        len(keys),
        counts[Answer.Status.SETTLED],
        in_progress=counts[Answer.Status.IN_PROGRESS],
    )


def phase_history(community: Community):
    return PhaseChange.objects.filter(community=community).select_related("changed_by")
