"""What the surveys show: their results, their questions' summaries, the charts' geometry.

A survey's results are worked out from its responses read in one query (their answers are JSON),
whatever their number: a page's query count does not grow with the answers.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Question, QuestionKind, Status, Survey


@dataclass(frozen=True)
class SurveySummary:
    """A survey closed (or open) in a period, summarised for an evaluation."""

    title: str
    url: str  # the results page
    responses: int
    # (question text, summary line): "4.2 / 5", "62% yes", "12 written answers"...
    lines: list[tuple[str, str]] = field(default_factory=list)
    closes_on: date | None = None
    is_anonymous: bool = True
    # The share of the members asked who answered (None for a stakeholders' link).
    rate: float | None = None


@dataclass
class Bar:
    label: str
    count: int
    percent: int
    y: int = 0
    width: int = 0


@dataclass
class QuestionResult:
    question: Question
    answered: int
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)

    @property
    def is_text(self) -> bool:
        return self.question.kind == QuestionKind.TEXT

    @property
    def chart_height(self) -> int:
        return CHART_TOP + len(self.bars) * BAR_STEP

    def summary(self) -> str:
        if self.is_text:
            return _("%(count)s written answers") % {"count": len(self.texts)}
        if self.mean is not None:
            return _("%(mean)s / 5 (%(count)s answers)") % {"mean": f"{self.mean:.1f}", "count": self.answered}
        if not self.bars or not self.answered:
            return _("no answer")
        top = max(self.bars, key=lambda bar: bar.count)
        return _("%(percent)s%% %(label)s") % {"percent": top.percent, "label": top.label}


# An anonymous survey's results show once this many people answered: before, whoever knows who
# answered (or watches the count move) could read one person's answer.
ANONYMITY_THRESHOLD = 3


def results_hidden(survey: Survey, responses: int) -> bool:
    return survey.is_anonymous and responses < ANONYMITY_THRESHOLD


# The chart: a label column, then bars up to BAR_MAX wide.
CHART_WIDTH = 520
LABEL_WIDTH = 230
BAR_MAX = 200
BAR_STEP = 32
CHART_TOP = 6


def question_results(survey: Survey, questions: list[Question] | None = None) -> tuple[list[QuestionResult], int]:
    """Each question's figures, and the number of responses."""
    if questions is None:
        questions = list(survey.questions.order_by("position", "pk"))
    answers = list(survey.responses.values_list("answers", flat=True))
    if results_hidden(survey, len(answers)):
        return [QuestionResult(question=question, answered=0) for question in questions], len(answers)
    results = []
    for question in questions:
        key = str(question.pk)
        values = [found[key] for found in answers if isinstance(found, dict) and found.get(key) not in (None, "", [])]
        result = QuestionResult(question=question, answered=len(values))
        if question.kind == QuestionKind.TEXT:
            result.texts = [str(value) for value in values]
        else:
            labels = question.choice_list
            counts = [0] * len(labels)
            for value in values:
                for index in value if isinstance(value, list) else [value]:
                    position = index - 1 if question.kind == QuestionKind.LIKERT else index
                    if isinstance(index, int) and 0 <= position < len(labels):
                        counts[position] += 1
            for number, (label, count) in enumerate(zip(labels, counts, strict=True)):
                percent = round(100 * count / len(values)) if values else 0
                result.bars.append(
                    Bar(
                        label=label,
                        count=count,
                        percent=percent,
                        y=CHART_TOP + number * BAR_STEP,
                        width=round(BAR_MAX * count / len(values)) if values else 0,
                    )
                )
            if question.kind == QuestionKind.LIKERT and values:
                numbers = [value for value in values if isinstance(value, int)]
                result.mean = sum(numbers) / len(numbers) if numbers else None
        results.append(result)
    return results, len(answers)


def response_rate(survey: Survey, responses: int, asked: int) -> float | None:
    if survey.audience == "stakeholders" or not asked:
        return None
    return min(1.0, responses / asked)


def surveys_with_counts(queryset):
    return (
        queryset.annotate(response_count=Count("responses", distinct=True))
        .select_related("circle")
        .order_by("-opens_on", "-pk")
    )


def period_summaries(community, start: date, end: date) -> list[SurveySummary]:
    """The community's surveys that closed or were open between `start` and `end`, summarised.

    The contract the evaluations read (terreau/evaluations).
    """
    from .services import audience_users

    found = (
        Survey.objects.filter(community=community)
        .exclude(status=Status.DRAFT)
        .filter(Q(opens_on__lte=end) & Q(closes_on__gte=start))
        .select_related("community", "circle")
        .prefetch_related("questions")
        .order_by("closes_on", "pk")
    )
    summaries = []
    for survey in found:
        results, responses = question_results(survey, list(survey.questions.all()))
        summaries.append(
            SurveySummary(
                title=survey.display_title,
                url=reverse("surveys:results", args=[community.slug, survey.pk]),
                responses=responses,
                lines=[]
                if results_hidden(survey, responses)
                else [(result.question.display_text, result.summary()) for result in results],
                closes_on=survey.closes_on,
                is_anonymous=survey.is_anonymous,
                rate=response_rate(survey, responses, audience_users(survey).count()),
            )
        )
    return summaries
