"""Reads of the lifecycle workspace."""

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

    @property
    def left(self) -> int:
        return self.total - self.settled


def _tool_url(question: Question, community: Community) -> str | None:
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
    all_answers_settled = set(
        Answer.objects.filter(community=community, status=Answer.Status.SETTLED).values_list("question", flat=True)
    )
    phases = []
    for phase in WORK_PHASES:
        rows = [QuestionRow(q, answers.get(q.key), _tool_url(q, community)) for q in for_phase(phase)]
        settled = sum(1 for q in for_phase(phase) if q.key in all_answers_settled)
        phases.append(PhaseProgress(phase, Phase(phase).label, len(rows), settled, rows))
    return phases


def current_progress(community: Community) -> PhaseProgress | None:
    """What is left in the community's current phase (counts only: no private text)."""
    if community.phase not in WORK_PHASES:
        return None
    keys = [q.key for q in for_phase(community.phase)]
    settled = Answer.objects.filter(community=community, question__in=keys, status=Answer.Status.SETTLED).count()
    return PhaseProgress(community.phase, Phase(community.phase).label, len(keys), settled)


def phase_history(community: Community):
    return PhaseChange.objects.filter(community=community).select_related("changed_by")
