"""Evaluations: the guide's "tous les 3 mois pendant la première année, tous les 6 mois ensuite".

An evaluation covers a period (from the launch, or the previous evaluation, to its own date) and
gathers the period's figures (terreau.stats), the surveys' results (terreau.surveys), the
qualitative interviews the core team held (`Interview`), the team's assessment on the guide's
four axes, and ends in a renewal plan (`RenewalItem`) whose items become actions of the action
plan (terreau.launch).
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.communities.models import Community, Membership
from terreau.core.models import Visibility, VisibilityField

TEXT_MAX = 10_000


class Axis(models.TextChoices):
    """The guide's four axes of an evaluation ("Cette évaluation se focalisera sur")."""

    CULTURE = "culture", _("Culture and values")
    PROCESSES = "processes", _("Processes and practices")
    TOOLS = "tools", _("Tools")
    NEEDS = "needs", _("New needs and expectations")


AXIS_HELP = {
    Axis.CULTURE: _("The community's culture and values: trust, openness, the will to share."),
    Axis.PROCESSES: _("How the community works: meetings, decisions, the message rhythm, the roles."),
    Axis.TOOLS: _("The technological tools: are they used, do they help, what is missing?"),
    Axis.NEEDS: _("New needs and expectations in content, themes and learning."),
}


class Rating(models.IntegerChoices):
    TO_RETHINK = 1, pgettext_lazy("rating", "To rethink")
    TO_IMPROVE = 2, pgettext_lazy("rating", "To improve")
    SATISFACTORY = 3, pgettext_lazy("rating", "Satisfactory")
    STRONG = 4, pgettext_lazy("rating", "A strength")


def _rating():
    return models.PositiveSmallIntegerField(
        _("rating"),
        choices=Rating.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )


class Evaluation(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("evaluation status", "Planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("evaluation status", "In progress")
        CONCLUDED = "concluded", pgettext_lazy("evaluation status", "Concluded")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="evaluations")
    # The n-th evaluation since the launch (schedule.py gives its date).
    number = models.PositiveSmallIntegerField(_("number"))
    # Months after the launch: 3, 6, 9, 12, then 18, 24...
    months = models.PositiveSmallIntegerField(_("months after the launch"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    # Members read a concluded evaluation when this allows; the core team reads every one, always.
    visibility = VisibilityField(default=Visibility.CORE_TEAM)

    culture = models.TextField(Axis.CULTURE.label, blank=True, max_length=TEXT_MAX)
    culture_rating = _rating()
    processes = models.TextField(Axis.PROCESSES.label, blank=True, max_length=TEXT_MAX)
    processes_rating = _rating()
    tools = models.TextField(Axis.TOOLS.label, blank=True, max_length=TEXT_MAX)
    tools_rating = _rating()
    needs = models.TextField(Axis.NEEDS.label, blank=True, max_length=TEXT_MAX)
    needs_rating = _rating()
    conclusion = models.TextField(
        _("in a few words"), blank=True, max_length=TEXT_MAX, help_text=_("The strengths to keep, what to change.")
    )

    # What the figures and the surveys said when it was concluded: a concluded evaluation keeps them.
    figures_kept = models.JSONField(default=list, blank=True, editable=False)
    surveys_kept = models.JSONField(default=list, blank=True, editable=False)

    # Bookkeeping: the core team was told it is coming (once).
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True, editable=False)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped by every edit: a form carries the version it was opened at, a stale one is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["period_end", "pk"]
        constraints = [models.UniqueConstraint(fields=["community", "number"], name="one_evaluation_per_number")]

    def __str__(self):
        return str(_("Evaluation at %(months)s months") % {"months": self.months})

    @property
    def due_on(self):
        """The day the evaluation is held: the day after its period."""
        return self.period_end + timedelta(days=1)

    @property
    def is_concluded(self) -> bool:
        return self.status == self.Status.CONCLUDED

    @property
    def axes(self) -> list[dict]:
        """The assessment, axis by axis: label, help, text, rating and its label."""
        return [
            {
                "key": axis.value,
                "label": axis.label,
                "help": AXIS_HELP[axis],
                "text": getattr(self, axis.value),
                "rating": getattr(self, f"{axis.value}_rating"),
                "rating_label": getattr(self, f"get_{axis.value}_rating_display")(),
            }
            for axis in Axis
        ]

    @property
    def has_assessment(self) -> bool:
        return any(getattr(self, axis.value).strip() for axis in Axis)


class Interview(models.Model):
    """A qualitative interview (individual or collective) held for the evaluation, kept as notes.

    The notes stay with the core team: members who read a concluded evaluation see who was
    interviewed and when, never what was said.
    """

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="interviews")
    interviewee = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member interviewed"),
    )
    # Someone outside the community (a partner, a stakeholder), or a group ("the logistics group").
    interviewee_name = models.CharField(
        _("or who else"),
        max_length=200,
        blank=True,
        help_text=_("A person outside the community, or a group for a collective interview."),
    )
    interviewer = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("interviewed by")
    )
    held_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), max_length=TEXT_MAX, help_text=_("Markdown is accepted."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["held_on", "pk"]

    def __str__(self):
        return self.who

    @property
    def who(self) -> str:
        if self.interviewee_id and self.interviewee is not None:
            name = self.interviewee.user.display_name
            return f"{name} ({self.interviewee_name})" if self.interviewee_name else name
        return self.interviewee_name


class Heading(models.TextChoices):
    """The guide's headings of a renewal plan ("plan de mise à jour / renouvellement")."""

    OBJECTIVES = "objectives", _("Objectives and scope")
    CORE_TEAM = "core_team", _("Core team")
    ROLES = "roles", _("Roles")
    THEMES = "themes", _("Themes")
    ACTIVITIES = "activities", _("Activities")
    RECRUITMENT = "recruitment", _("Recruitment and onboarding")


HEADING_HELP = {
    Heading.OBJECTIVES: _("The community's objectives and its scope."),
    Heading.CORE_TEAM: _("The team that makes up the core team."),
    Heading.ROLES: _("The existing roles and who holds them; the emerging roles and who will hold them."),
    Heading.THEMES: _("The themes the community works on."),
    Heading.ACTIVITIES: _("The community's activities."),
    Heading.RECRUITMENT: _("Recruiting and welcoming new members."),
}


class RenewalItem(models.Model):
    """One thing the renewal plan changes; it may become an action of the action plan."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="renewal_items")
    heading = models.CharField(_("heading"), max_length=12, choices=Heading.choices)
    text = models.TextField(_("what changes"), max_length=2000)
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who takes it on"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # The action of the action plan it became (its description links back to the evaluation).
    action = models.ForeignKey(
        "launch.Action", on_delete=models.SET_NULL, null=True, blank=True, related_name="renewal_items", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("renewal item")
        verbose_name_plural = _("renewal items")
        ordering = ["pk"]

    def __str__(self):
        return self.text[:80]
