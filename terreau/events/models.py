"""Events: the guide's "une rencontre par mois", and every other dated gathering of a community.

A *series* holds a recurrence rule (RFC 5545, "le premier mardi du mois") and what its meetings
share. Its occurrences are stored as events (`Event.series`, `Event.recurrence_id`: the start the
rule gave it), materialised ahead for a horizon, so that each can be registered to, attended,
moved, edited alone or cancelled. An event outside a series is a one-off.

Times are stored aware (UTC) and shown in the community's time zone (`Community.time_zone`),
which the series' rule is expanded in: a monthly meeting stays at 18:00 across the
daylight-saving change.

An event realises an activity of the calendar of activities (`activity`, a launch model named
by its label: events imports no other feature's models) and its minutes are an exchange memo of
the knowledge base (`minutes`).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from terreau.communities.models import Community, Membership
from terreau.core.models import VisibilityField


class EventKind(models.TextChoices):
    LAUNCH_DAY = "launch_day", _("Launch day")
    MONTHLY_MEETING = "monthly", _("Monthly meeting")
    GROUP_MEETING = "group", _("Working-group meeting")
    WORKSHOP = "workshop", _("Workshop or co-development session")
    INITIATION = "initiation", _("Initiation session")
    INTERVIEW = "interview", _("Contributor interview")
    HANDOVER = "handover", _("Handover")
    EVALUATION = "evaluation", _("Evaluation meeting")
    GATHERING = "gathering", _("Yearly gathering")
    CELEBRATION = "celebration", _("Celebration")
    OTHER = "other", _("Other")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BOTH = "both", _("In person and online")


DEFAULT_REMINDER_HOURS = 48


class Where(models.Model):
    """What a series and its events share: kind, words, place, audience."""

    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices, default=EventKind.MONTHLY_MEETING)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10000, help_text=_("Markdown is accepted."))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON)
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("The name of the venue."))
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True, max_length=500)
    visibility = VisibilityField()
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty when the number of places is not limited.")
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder (hours before)"),
        default=DEFAULT_REMINDER_HOURS,
        validators=[MaxValueValidator(24 * 14)],
        help_text=_("Registered people get a reminder by email this many hours before; 0 for none."),
    )
    # A recurring activity of the calendar of activities this realises (launch.Activity).
    activity = models.ForeignKey(
        "launch.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity of the calendar"),
    )
    # The circle (a working group...) whose meeting this is: its page lists it.
    circle = models.ForeignKey(
        "circles.Circle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("circle"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Series(Where):
    """A recurring meeting: its rule, and what each occurrence starts from."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="event_series")
    # RFC 5545 RRULE without the "RRULE:" prefix, e.g. "FREQ=MONTHLY;BYDAY=1TU"; expanded from
    # `first_start` in the community's time zone.
    rule = models.CharField(_("recurrence rule"), max_length=300)
    first_start = models.DateTimeField(_("first meeting"))
    duration = models.PositiveIntegerField(
        _("duration (minutes)"), default=120, validators=[MinValueValidator(5), MaxValueValidator(24 * 60 * 7)]
    )
    # Set when the series ends ("this and the following" split it, or it was stopped).
    until = models.DateTimeField(_("until"), null=True, blank=True)
    # The series this one continues after a "this and the following" edit.
    continues = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The occurrences exist as events up to here; a periodic task moves it on.
    materialised_until = models.DateTimeField(null=True, blank=True, editable=False)
    organisers = models.ManyToManyField(
        Membership, blank=True, related_name="organised_series", verbose_name=_("organisers")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["first_start", "pk"]

    def __str__(self):
        return self.title


class Event(Where):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="events")
    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, null=True, blank=True, related_name="events", verbose_name=_("series")
    )
    # The start the series' rule gave this occurrence (iCalendar's RECURRENCE-ID), kept when it is
    # moved; None for a one-off.
    recurrence_id = models.DateTimeField(null=True, blank=True, editable=False)
    # Edited on its own: a later edit of the series leaves it as it is.
    detached = models.BooleanField(default=False, editable=False)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    # A facilitator confirmed cancelling a monthly meeting right after a cancelled one; their
    # reason is `cancel_reason`, shown in the series' history.
    cancel_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisers = models.ManyToManyField(
        Membership, blank=True, related_name="organised_events", verbose_name=_("organisers")
    )
    # People who came without being members (counted, not named).
    guests_count = models.PositiveIntegerField(_("guests who are not members"), default=0)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The minutes: an exchange memo of the knowledge base (knowledge.KnowledgeItem).
    minutes = models.ForeignKey(
        "knowledge.KnowledgeItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes"),
    )
    # Bookkeeping of what was sent, so that a scheduler run twice sends nothing twice.
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    minutes_reminders_sent = models.PositiveSmallIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped by every edit: a form carries the version it was opened at, a stale one is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["community", "starts_at"], name="event_community_start"),
            models.Index(fields=["series", "starts_at"], name="event_series_start"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "recurrence_id"],
                condition=models.Q(series__isnull=False),
                name="one_event_per_occurrence",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Registration(models.Model):
    """A person's place at an event: registered, waiting, or cancelled; and whether they came.

    A person who came without registering gets a row with status `walk_in`. The waiting list is
    the `waiting` rows in the order of `created_at`.
    """

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        WALK_IN = "walk_in", _("Came without registering")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REGISTERED)
    # None until the organiser records attendance.
    attended = models.BooleanField(_("came"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    promoted_at = models.DateTimeField(null=True, blank=True, editable=False)  # off the waiting list

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person")]
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]

    def __str__(self):
        return f"{self.user} – {self.event}"


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # An item of its kind's template (agenda_templates.GUIDE): its empty title and notes show the
    # guide's wording in the reader's language until edited.
    guide_key = models.CharField(max_length=30, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=200, blank=True)
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=30, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    lead = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("led by")
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000, help_text=_("Markdown is accepted."))

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.display_title

    def guide_text(self, field: str) -> str:
        value = getattr(self, field)
        if value or not self.guide_key:
            return value
        from . import agenda_templates  # it names the kinds of this module

        return agenda_templates.title(self.guide_key) if field == "title" else agenda_templates.notes(self.guide_key)

    @property
    def display_title(self) -> str:
        return self.guide_text("title")

    @property
    def display_notes(self) -> str:
        return self.guide_text("notes")


class History(models.Model):
    """What happened to a series and its events, with who did it and why: the series' history."""

    class What(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        MOVED = "moved", _("Moved")
        CANCELLED = "cancelled", _("Cancelled")
        CANCEL_CONFIRMED = "cancel_confirmed", _("Cancelled after a cancelled meeting, confirmed")
        CANCEL_REFUSED = "cancel_refused", _("Second cancellation in a row refused")
        RESTORED = "restored", _("Restored")
        SPLIT = "split", _("Changed from this meeting on")
        ENDED = "ended", _("Series ended")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    series = models.ForeignKey(Series, on_delete=models.CASCADE, null=True, blank=True, related_name="history")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, null=True, blank=True, related_name="history")
    what = models.CharField(max_length=20, choices=What.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True, max_length=2000)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_what_display()} – {self.at:%Y-%m-%d}"


class CalendarKey(models.Model):
    """A person's secret for their calendar feeds: the feed URLs carry it, renewing it ends the old ones."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_key")
    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar key")
        verbose_name_plural = _("calendar keys")

    def __str__(self):
        return str(self.user)
