"""Surveys and consultations: a survey, its ordered questions, its responses, who took part.

Anonymity is built into the tables, not promised by the pages: a `Response` of an anonymous
survey holds no person, no date and no sequential id (a random UUID, the rows rewritten in the
order of their ids after each answer, so neither the ids nor the storage order tell which came
first). Who answered is kept apart in `Participation` (to refuse a second answer and to remind
the others), which holds no link to the response and no date either.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import survey_templates


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Audience(models.TextChoices):
    MEMBERS = "members", _("The members of the community")
    CIRCLE = "circle", _("The members of a circle")
    STAKEHOLDERS = "stakeholders", _("Stakeholders, by a link (no account needed)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ResultsFor(models.TextChoices):
    CORE_TEAM = "core_team", _("The core team")
    MEMBERS = "members", _("The core team and the members")


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Scale from 1 to 5")
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    TEXT = "text", _("Free text")


class Scale(models.TextChoices):
    SATISFACTION = "satisfaction", _("Very dissatisfied … very satisfied")
    AGREEMENT = "agreement", _("Strongly disagree … strongly agree")
    IMPORTANCE = "importance", _("Not important … essential")


class Survey(models.Model):
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="surveys")
    # The guide's template it started from: its title and introduction stay empty until edited,
    # so that they show in each reader's language.
    template = models.CharField(max_length=30, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), max_length=5000, blank=True)
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Nobody, not even the core team or the platform admin, can tell who gave an anonymous answer."),
    )
    audience = models.CharField(_("who answers"), max_length=16, choices=Audience.choices, default=Audience.MEMBERS)
    circle = models.ForeignKey(
        "circles.Circle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("circle"),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    results_for = models.CharField(
        _("who sees the results"), max_length=16, choices=ResultsFor.choices, default=ResultsFor.CORE_TEAM
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    # The secret of the stakeholders' link: whoever holds it may answer, without an account.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Raised on each change of the survey or its questions: a stale form is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    announced_on = models.DateField(null=True, blank=True, editable=False)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_on", "-pk"]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("surveys:detail", args=[self.community.slug, self.pk])

    @property
    def display_title(self) -> str:
        return self.title or str(survey_templates.title(self.template))

    @property
    def display_introduction(self) -> str:
        return self.introduction or str(survey_templates.introduction(self.template))

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED or (
            self.status == Status.OPEN and self.closes_on < timezone.localdate(timezone.now(), self._zone())
        )

    @property
    def is_accepting(self) -> bool:
        """Open, and today (in the community's time zone) between its opening and closing dates."""
        today = timezone.localdate(timezone.now(), self._zone())
        return self.status == Status.OPEN and self.opens_on <= today <= self.closes_on

    @property
    def is_scheduled(self) -> bool:
        return self.status == Status.OPEN and self.opens_on > timezone.localdate(timezone.now(), self._zone())

    def _zone(self):
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.community.time_zone)


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(
        _("kind of answer"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.LIKERT
    )
    # The section heading it opens (the guide's axes of the satisfaction survey).
    section = models.CharField(_("section"), max_length=200, blank=True, help_text=_("A heading shown above it."))
    text = models.CharField(_("question"), max_length=500, blank=True)
    # One per line, for the choices' kinds.
    choices = models.TextField(_("choices"), max_length=5000, blank=True, help_text=_("One choice per line."))
    scale = models.CharField(_("scale"), max_length=16, choices=Scale.choices, default=Scale.SATISFACTION)
    required = models.BooleanField(_("an answer is required"), default=True)
    guide_key = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.display_text

    def guide_text(self, field: str) -> str:
        """The field as typed, or else the guide's wording in the reader's language."""
        value = getattr(self, field)
        if value or not self.guide_key:
            return value
        return str(survey_templates.question_field(self.guide_key, field))

    @property
    def display_text(self) -> str:
        return self.guide_text("text")

    @property
    def display_section(self) -> str:
        return self.guide_text("section")

    @property
    def choice_list(self) -> list[str]:
        if self.kind == QuestionKind.LIKERT:
            return [str(label) for label in survey_templates.SCALES[self.scale]]
        return [line.strip() for line in self.guide_text("choices").splitlines() if line.strip()]


class Response(models.Model):
    """One answer to a survey: {question id: value}. Of an anonymous survey, nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    answers = models.JSONField(default=dict)
    # Named surveys only: who answered (a member) or the name given by a stakeholder, and the day.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    submitted_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["id"]  # random: never the order they came in
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"], condition=models.Q(respondent__isnull=False), name="one_named_response"
            )
        ]

    def __str__(self):
        return str(self.id)


class Participation(models.Model):
    """A member took part in a survey: no link to their response, no date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="one_participation")]

    def __str__(self):
        return f"{self.survey_id}"
