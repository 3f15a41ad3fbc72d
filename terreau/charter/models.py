from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.core.models import Visibility, VisibilityField


class Section(models.TextChoices):
    """The charter's sections, as the guide lists them (deliverables and governance modes)."""

    PURPOSE = "purpose", _("Purpose")
    SCOPE = "scope", _("Scope")
    OBJECTIVES = "objectives", _("Objectives")
    ADDED_VALUE = "added_value", _("Added value")
    WORKING_RULES = "working_rules", _("Working rules: rights and duties")
    INTERACTIONS = "interactions", _("Interaction modes and rhythms")
    STRUCTURE = "structure", _("Structure")
    COMMUNICATION = "communication", _("Communication processes")
    DECISIONS = "decisions", _("Decision modes")
    KNOWLEDGE = "knowledge", _("Knowledge capitalisation")
    ENTRY_EXIT = "entry_exit", _("Entry and exit rules")


# The guide's question behind each section, shown beside it while writing.
QUESTIONS = {
    Section.PURPOSE: _("Why does this community exist, and for whom?"),
    Section.SCOPE: _("Which key issues of the target population does it cover, and what stays outside?"),
    Section.OBJECTIVES: _("Mutual help, proven practices, content, innovation: which mix, with which goals?"),
    Section.ADDED_VALUE: _("What does it offer its members that existing networks and communities do not?"),
    Section.WORKING_RULES: _("Which common rules for working together: what are each person's rights and duties?"),
    Section.INTERACTIONS: _("Which ways of interacting, which activities in person and online, at what rhythm?"),
    Section.STRUCTURE: _(
        "Which structural elements (core team, working groups, steering circle), with which roles and "
        "accountabilities? How are the circles linked (double link)?"
    ),
    Section.COMMUNICATION: _(
        "Which communication processes within each circle, between circles, and with the outside world?"
    ),
    Section.DECISIONS: _("How are decisions made (for instance by consent, until nobody has an objection)?"),
    Section.KNOWLEDGE: _(
        "How is knowledge captured and made available: questions and answers, a wiki, experience sheets, "
        "knowledge-transfer sessions?"
    ),
    Section.ENTRY_EXIT: _("How does someone join the community, and how do they leave it?"),
}


class Charter(models.Model):
    """A community's governance charter: its versions, and the one the core team adopted."""

    community = models.OneToOneField("communities.Community", on_delete=models.CASCADE, related_name="charter")
    # Public by default: the guide's charter is a deliverable the community shows, and visitors
    # still see it only when the community itself is public.
    visibility = VisibilityField(default=Visibility.PUBLIC)
    adopted_version = models.ForeignKey(
        "CharterVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted version"),
    )

    class Meta:
        verbose_name = _("charter")
        verbose_name_plural = _("charters")

    def __str__(self):
        return str(_("Charter of %(community)s") % {"community": self.community})

    def get_absolute_url(self):
        return reverse("charter:detail", args=[self.community.slug])


class CharterVersion(models.Model):
    """One saved state of the charter; versions are never changed, only added."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    sections = models.JSONField(_("sections"), default=dict)  # {Section value: Markdown text}
    note = models.CharField(_("note"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    saved_at = models.DateTimeField(_("saved"), auto_now_add=True)
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )

    class Meta:
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["charter", "number"], name="one_charter_version_number")]

    def __str__(self):
        return str(_("Version %(number)s") % {"number": self.number})

    def get_absolute_url(self):
        return reverse("charter:version", args=[self.charter.community.slug, self.number])

    def text(self, section: str) -> str:
        return self.sections.get(section, "")

    def filled_sections(self) -> list[tuple[Section, str]]:
        """(section, Markdown) for each section with text, in the guide's order."""
        return [(section, self.text(section)) for section in Section if self.text(section).strip()]
