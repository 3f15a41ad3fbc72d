"""The activity log (append-only) and its pre-aggregated counts, per day and per period.

The dashboard reads only `DailyStat` and `PeriodStat`: a year of a large community is a few
rows, whatever the size of the log underneath.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from terreau.communities.models import Community, Membership


class Kind(models.TextChoices):
    JOINED = "joined", _("joined")
    LEFT = "left", _("left")
    CONNECTION = "connection", _("visited the community")
    CONSULTATION = "consultation", _("read a page")
    QUESTION = "question", _("asked a question")
    ANSWER = "answer", _("answered a question")
    KNOWLEDGE_PUBLISHED = "knowledge_published", _("published a knowledge item")
    KNOWLEDGE_UPDATED = "knowledge_updated", _("updated a knowledge item")
    WEEKLY_MESSAGE = "weekly_message", _("sent the weekly message")
    EVENT_PLANNED = "event_planned", _("planned an event")
    EVENT_CANCELLED = "event_cancelled", _("cancelled an event")
    ATTENDED = "attended", _("came to an event")


# What a member does, beyond reading: "measured engagement" counts these.
CONTRIBUTIONS = frozenset(
    {
        Kind.QUESTION,
        Kind.ANSWER,
        Kind.KNOWLEDGE_PUBLISHED,
        Kind.KNOWLEDGE_UPDATED,
        Kind.WEEKLY_MESSAGE,
        Kind.EVENT_PLANNED,
        Kind.ATTENDED,
    }
)
# An active member did any of these in the period (joining or leaving is not activity).
ACTIVITY = CONTRIBUTIONS | {Kind.CONNECTION, Kind.CONSULTATION}


class Activity(models.Model):
    """One thing that happened in a community, written once and never changed.

    `day` is the day in the community's time zone, so that every count groups by a plain date.
    A connection is one row per member, community and day; a consultation one per member, thing
    and day (the unique constraints make a second write of the same day a no-op).
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    membership = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_type = models.CharField(_("object type"), max_length=40, blank=True)  # "knowledge.item"
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    occurred_at = models.DateTimeField(_("when"))
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity log")
        indexes = [
            models.Index(fields=["community", "day", "kind"], name="stats_activity_day"),
            models.Index(fields=["membership", "day"], name="stats_activity_member"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "day"], condition=models.Q(kind="connection"), name="stats_one_visit_a_day"
            ),
            models.UniqueConstraint(
                fields=["membership", "object_type", "object_id", "day"],
                condition=models.Q(kind="consultation"),
                name="stats_one_read_a_day",
            ),
            models.UniqueConstraint(
                fields=["membership", "object_id"], condition=models.Q(kind="attended"), name="stats_attended_once"
            ),
        ]

    def __str__(self):
        return f"{self.community_id} {self.day} {self.kind}"


class Figures(models.Model):
    """The figures of one day or one period (the fields the dashboard draws and exports)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    members = models.PositiveIntegerField(default=0)  # at the end of the day or period
    new_members = models.PositiveIntegerField(default=0)
    departed_members = models.PositiveIntegerField(default=0)
    active_members = models.PositiveIntegerField(default=0)  # distinct within the day or period
    connected_members = models.PositiveIntegerField(default=0)  # distinct visitors
    connections = models.PositiveIntegerField(default=0)  # visits: one per member and day
    consultations = models.PositiveIntegerField(default=0)
    knowledge_published = models.PositiveIntegerField(default=0)
    questions = models.PositiveIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)
    events_held = models.PositiveIntegerField(default=0)
    events_cancelled = models.PositiveIntegerField(default=0)
    # Members who came to the events held (attendance recorded), and the members the community
    # had on each of those days: participation rate = attendances / attendance_base.
    attendances = models.PositiveIntegerField(default=0)
    attendance_base = models.PositiveIntegerField(default=0)
    first_answers = models.PositiveIntegerField(default=0)  # questions first answered in the period
    first_answer_hours = models.FloatField(null=True, blank=True)  # median, asked to first answer
    accepted_answers = models.PositiveIntegerField(default=0)
    accepted_hours = models.FloatField(null=True, blank=True)  # median, asked to accepted answer
    weekly_messages = models.PositiveIntegerField(default=0)
    weeks_kept = models.PositiveSmallIntegerField(default=0)  # weeks (starting in the period) with one
    weeks_total = models.PositiveSmallIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def participation_rate(self) -> float | None:
        return self.attendances / self.attendance_base if self.attendance_base else None

    @property
    def weeks_missed(self) -> int:
        return self.weeks_total - self.weeks_kept


class DailyStat(Figures):
    day = models.DateField()
    # Declared engagement against measured over the two months before `day` (only on the last
    # day an aggregation computed): {"driver": {"contributing": n, "reading": n, "silent": n}, ...}
    engagement = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("daily statistics")
        verbose_name_plural = _("daily statistics")
        constraints = [models.UniqueConstraint(fields=["community", "day"], name="stats_one_row_a_day")]

    def __str__(self):
        return f"{self.community_id} {self.day}"

    # A day is a period of one day: the dashboard reads both kinds of rows alike.
    @property
    def start(self):
        return self.day

    @property
    def end(self):
        return self.day


class Granularity(models.TextChoices):
    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class PeriodStat(Figures):
    granularity = models.CharField(max_length=8, choices=Granularity.choices)
    start = models.DateField()
    end = models.DateField()  # inclusive

    class Meta:
        verbose_name = _("period statistics")
        verbose_name_plural = _("period statistics")
        constraints = [
            models.UniqueConstraint(fields=["community", "granularity", "start"], name="stats_one_row_a_period")
        ]

    def __str__(self):
        return f"{self.community_id} {self.granularity} {self.start}"


class Progress(models.Model):
    """How far the aggregation went for a community, and whether its history was backfilled."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="+")
    backfilled_at = models.DateTimeField(null=True, blank=True)
    aggregated_through = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"{self.community_id} {self.aggregated_through}"
