"""Launch: the calendar of recurring activities and the 3-month action plan (the launch day is an event)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.communities.models import Community, Membership, Theme
from terreau.core.models import VisibilityField


class GuideText:
    """A thing the guide suggested keeps its text fields empty until edited, so that it shows
    the guide's wording in each reader's language (like the guide roles)."""

    GUIDE: dict = {}
    guide_fields: tuple[str, ...] = ()

    def guide_text(self, field: str) -> str:
        value = getattr(self, field)
        if value or not self.guide_key:
            return value
        return str(self.GUIDE.get(self.guide_key, {}).get(field, ""))


# The launch day is an event of the events app (kind "launch_day"), its plan that event's agenda
# (migration 0005 moved what was written; events/agenda_templates.py keeps the guide's words).


# ---------------------------------------------------------------------------------------------
# Calendar of recurring activities


class Frequency(models.TextChoices):
    WEEKLY = "weekly", pgettext_lazy("frequency", "Weekly")
    MONTHLY = "monthly", pgettext_lazy("frequency", "Monthly")
    QUARTERLY = "quarterly", pgettext_lazy("frequency", "Quarterly")
    YEARLY = "yearly", pgettext_lazy("frequency", "Yearly")


class ActivityGuide(models.TextChoices):
    WEEKLY_MESSAGE = "weekly_message", _("A message to every member")
    MONTHLY_MEETING = "monthly_meeting", _("Community meeting")
    QUARTERLY_REVIEW = "quarterly_review", _("Review of the community")
    YEARLY_GATHERING = "yearly_gathering", _("Yearly gathering")


class Activity(GuideText, models.Model):
    # The guide's rhythm: a message a week, a meeting a month, a review every 3 months in the
    # first year, a larger gathering once a year.
    GUIDE = {
        ActivityGuide.WEEKLY_MESSAGE: {
            "title": ActivityGuide.WEEKLY_MESSAGE.label,
            "description": _(
                "Every member gets at least one message a week, and no more than a few a day: news of a "
                "project, a question, a watch item. It shows that things are happening and invites others "
                "to share."
            ),
            "participants": _("All members"),
            "frequency": Frequency.WEEKLY,
        },
        ActivityGuide.MONTHLY_MEETING: {
            "title": ActivityGuide.MONTHLY_MEETING.label,
            "description": _(
                "A regular meeting, about once a month, in person or online. Even if only about one member "
                "in ten comes, it spurs on the most active. Never cancel two meetings in a row."
            ),
            "participants": _("Members who can come"),
            "frequency": Frequency.MONTHLY,
        },
        ActivityGuide.QUARTERLY_REVIEW: {
            "title": ActivityGuide.QUARTERLY_REVIEW.label,
            "description": _(
                "Every 3 months in the first year (every 6 months after): follow the action plan, see where "
                "support is needed, evaluate culture, processes and tools."
            ),
            "participants": _("Core team"),
            "frequency": Frequency.QUARTERLY,
        },
        ActivityGuide.YEARLY_GATHERING: {
            "title": ActivityGuide.YEARLY_GATHERING.label,
            "description": _(
                "A larger meeting to bring together as many members as possible, open to people beyond the community."
            ),
            "participants": _("All members and guests"),
            "frequency": Frequency.YEARLY,
        },
    }

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="activities")
    guide_key = models.CharField(max_length=20, choices=ActivityGuide.choices, blank=True, editable=False)
    title = models.CharField(_("what"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000, help_text=_("Markdown is accepted."))
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    participants = models.CharField(
        _("who takes part"),
        max_length=200,
        blank=True,
        help_text=_("For example: all members, the core team, the working group on logistics."),
    )
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person in charge"),
    )
    visibility = VisibilityField()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "guide_key"], condition=~models.Q(guide_key=""), name="one_guide_activity_each"
            )
        ]

    def __str__(self):
        return self.display_title

    def clean(self):
        if not self.title and not self.guide_key:
            raise ValidationError({"title": _("Say what the activity is.")})
        if self.owner_id and (self.owner.community_id != self.community_id or not self.owner.is_active):
            raise ValidationError({"owner": _("Choose a member of the community.")})

    @property
    def display_title(self) -> str:
        return self.guide_text("title")

    @property
    def display_description(self) -> str:
        return self.guide_text("description")

    @property
    def display_participants(self) -> str:
        return self.guide_text("participants")


# ---------------------------------------------------------------------------------------------
# Action plan


class Action(models.Model):
    class Status(models.TextChoices):
        TODO = "todo", pgettext_lazy("action status", "To do")
        DOING = "doing", pgettext_lazy("action status", "In progress")
        DONE = "done", pgettext_lazy("action status", "Done")
        BLOCKED = "blocked", pgettext_lazy("action status", "Blocked")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000, help_text=_("Markdown is accepted."))
    owners = models.ManyToManyField(
        Membership,
        blank=True,
        related_name="launch_actions",
        verbose_name=_("owners"),
        help_text=_("The people who carry the action. Hold Ctrl (Cmd on a Mac) to choose several."),
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions", verbose_name=_("theme")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.TODO)
    needs_support = models.BooleanField(
        _("needs support"), default=False, help_text=_("The owners need help, or something must be unblocked.")
    )
    visibility = VisibilityField()
    # The latest word of the people who carry it (an owner updates their action without being core
    # team); earlier notes stay in the change log.
    note = models.TextField(_("latest news"), blank=True, max_length=2000)
    note_at = models.DateTimeField(_("news given"), null=True, blank=True)
    note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["community", "due_date"])]

    def __str__(self):
        return self.title

    def clean(self):
        if self.theme_id and self.theme.community_id != self.community_id:
            raise ValidationError({"theme": _("Choose a theme of this community.")})

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def is_overdue(self, today) -> bool:
        return not self.is_done and self.due_date is not None and self.due_date < today
