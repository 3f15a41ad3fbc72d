"""Launch: the launch day plan, the calendar of recurring activities and the 3-month action plan."""

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
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


# ---------------------------------------------------------------------------------------------
# Launch day


class AgendaGuide(models.TextChoices):
    """The "great chapters" of the guide's one-day launch meeting, plus a lunch break."""

    EXPECTATIONS = "expectations", _("Expectations of the participants")
    PURPOSE = "purpose", _("Purpose, scope and objectives")
    WORKING_TOGETHER = "working_together", _("How we will work together")
    LUNCH = "lunch", _("Lunch break")
    ROLES = "roles", _("Who holds which role?")
    THEMATIC_WORK = "thematic_work", _("First thematic work")
    ACTION_PLAN = "action_plan", _("The 3-6 month action plan")


class LaunchMeeting(models.Model):
    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="launch_meeting")
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Leave empty while the date is not set."))
    start_time = models.TimeField(_("start time"), default=time(9, 30))
    place = models.CharField(_("place"), max_length=200, blank=True)
    visibility = VisibilityField()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Not stored: selectors.meeting_with_items() and meeting_or_guide() set them for the page.
    agenda: list["AgendaItem"]
    total_minutes: int
    ends_at: time

    class Meta:
        verbose_name = _("launch meeting")
        verbose_name_plural = _("launch meetings")

    def __str__(self):
        return f"{self.community} – {self.date or '…'}"


class AgendaItem(GuideText, models.Model):
    # Guide wording per item: title and notes, shown until the core team edits them.
    GUIDE = {
        AgendaGuide.EXPECTATIONS: {
            "title": AgendaGuide.EXPECTATIONS.label,
            "notes": _("What each participant expects from the community of practice."),
        },
        AgendaGuide.PURPOSE: {
            "title": AgendaGuide.PURPOSE.label,
            "notes": _(
                "Why the community exists, what it covers and what it aims for. The core team brings "
                "proposals prepared beforehand, without closing the discussion."
            ),
        },
        AgendaGuide.WORKING_TOGETHER: {
            "title": AgendaGuide.WORKING_TOGETHER.label,
            "notes": _("- Governance\n- The working charter\n- The collaborative tools"),
        },
        AgendaGuide.LUNCH: {"title": AgendaGuide.LUNCH.label, "notes": ""},
        AgendaGuide.ROLES: {
            "title": AgendaGuide.ROLES.label,
            "notes": _("The roles the community needs to work, and who takes each of them on."),
        },
        AgendaGuide.THEMATIC_WORK: {
            "title": AgendaGuide.THEMATIC_WORK.label,
            "notes": _("The first themes, projects or working groups the community takes up."),
        },
        AgendaGuide.ACTION_PLAN: {
            "title": AgendaGuide.ACTION_PLAN.label,
            "notes": _(
                "The action plan for the coming 3 to 6 months, to launch and develop the community: "
                "who does what, and by when."
            ),
        },
    }
    # Minutes per guide item: a day from 9:30 to 16:45 with an hour for lunch.
    GUIDE_DURATIONS: dict[str, int] = {
        AgendaGuide.EXPECTATIONS: 45,
        AgendaGuide.PURPOSE: 60,
        AgendaGuide.WORKING_TOGETHER: 75,
        AgendaGuide.LUNCH: 60,
        AgendaGuide.ROLES: 45,
        AgendaGuide.THEMATIC_WORK: 90,
        AgendaGuide.ACTION_PLAN: 60,
    }

    meeting = models.ForeignKey(LaunchMeeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    guide_key = models.CharField(max_length=20, choices=AgendaGuide.choices, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=200, blank=True)
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=30, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    facilitator = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000, help_text=_("Markdown is accepted."))
    # Not stored: the times of day selectors.meeting_with_items() works out from the durations.
    starts_at: time
    ends_at: time

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]

    def __str__(self):
        return self.display_title

    def clean(self):
        if not self.title and not self.guide_key:
            raise ValidationError({"title": _("Give the item a title.")})
        if self.facilitator_id and (
            self.facilitator.community_id != self.meeting.community_id or not self.facilitator.is_active
        ):
            raise ValidationError({"facilitator": _("Choose a member of the community.")})

    @property
    def display_title(self) -> str:
        return self.guide_text("title")

    @property
    def display_notes(self) -> str:
        return self.guide_text("notes")


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
