"""The forms of events and series, in a facilitator's words: a day, a time, "the first Tuesday
of the month". Times are typed in the community's time zone."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from terreau import permissions
from terreau.circles import selectors as circle_selectors
from terreau.communities.forms import MemberPickers
from terreau.communities.models import Community, Membership
from terreau.core.forms import FormattedTextarea, relation_formfield

from .models import Event, EventKind, Series
from .services.common import local_datetime, zone
from .services.events import SHARED_FIELDS
from .services.series import NTHS, Pattern, Rule, nth_label, rule_first, rule_parse

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")

WIDGETS = {
    "description": FormattedTextarea(attrs={"rows": 4}),
    "visibility": forms.RadioSelect,
    "format": forms.RadioSelect,
}


def _members(community: Community):
    return (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


def _name(membership: Membership) -> str:
    return str(membership.user)


class WhereForm(MemberPickers, forms.ModelForm):
    """What an event and a series share; the activity is one of the community's calendar."""

    def _where_init(self, community: Community, user) -> None:
        self.community = community
        field = self.fields["organisers"]
        field.queryset = _members(community)
        field.label_from_instance = _name
        field.help_text = _("Untick to remove an organiser; add one with the field below.")
        self.use_member_picker("organisers", community, label=_("Add an organiser"))
        activity = self.fields["activity"]
        # The launch app's model, named through the relation: events imports no other feature.
        model = Event._meta.get_field("activity").related_model
        activity.queryset = permissions.visible(user, community, model.objects.filter(community=community))  # type: ignore[union-attr]
        activity.empty_label = _("None")
        activity.help_text = _("The recurring activity of the calendar of activities this meeting carries out.")
        circle = self.fields["circle"]
        circle.queryset = circle_selectors.choices_for(user, community)
        circle.empty_label = _("None")
        circle.help_text = _("The working group or circle whose meeting this is: its page lists it.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("format") in ("online", "both") and not cleaned.get("online_url"):
            self.add_error("online_url", _("Give the link of the online meeting."))
        return cleaned


def _times(form: forms.Form, community: Community, day, starts: time | None, ends: time | None, end_day=None):
    """The aware start and end of what was typed, or None with the error beside the field."""
    if day is None or starts is None or ends is None:
        return None, None
    starts_at = local_datetime(community, day, starts)
    ends_at = local_datetime(community, end_day or day, ends)
    if ends_at <= starts_at:
        form.add_error("ends", _("The end must come after the start."))
        return None, None
    return starts_at, ends_at


class EventForm(WhereForm):
    day = forms.DateField(label=_("Day"), widget=DATE_WIDGET)
    starts = forms.TimeField(label=_("Starts at"), widget=TIME_WIDGET)
    ends = forms.TimeField(label=_("Ends at"), widget=TIME_WIDGET)
    end_day = forms.DateField(
        label=_("Last day"), required=False, widget=DATE_WIDGET, help_text=_("Only for an event over several days.")
    )
    # The version of the event the form was opened at (see services.event_update).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Event
        formfield_callback = relation_formfield
        fields = [*SHARED_FIELDS, "organisers"]
        widgets = WIDGETS
        help_texts = {"description": ""}

    field_order = ["kind", "title", "day", "starts", "ends", "end_day"]

    def __init__(self, *args, community: Community, user, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            tz = zone(community)
            start, end = instance.starts_at.astimezone(tz), instance.ends_at.astimezone(tz)
            kwargs["initial"] = {
                "day": start.date(),
                "starts": start.time(),
                "ends": end.time(),
                "end_day": end.date() if end.date() != start.date() else None,
                "version": instance.version,
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self._where_init(community, user)

    def clean(self):
        cleaned = super().clean()
        cleaned["starts_at"], cleaned["ends_at"] = _times(
            self, self.community, cleaned.get("day"), cleaned.get("starts"), cleaned.get("ends"), cleaned.get("end_day")
        )
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in SHARED_FIELDS},
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "organisers": list(data.get("organisers") or []),
        }


PATTERNS = [
    (Pattern.MONTHLY_WEEKDAY, _("Every month, on a weekday (the first Tuesday, the last Friday…)")),
    (Pattern.MONTHLY_DAY, _("Every month, on the same date (the 15th…)")),
    (Pattern.WEEKLY, _("Every week")),
    (Pattern.FORTNIGHTLY, _("Every two weeks")),
]


class SeriesForm(WhereForm):
    """A recurrence in plain words: the form builds the RFC 5545 rule from the choices."""

    pattern = forms.ChoiceField(label=_("How often"), choices=PATTERNS, widget=forms.RadioSelect)
    nth = forms.TypedChoiceField(label=_("Which one in the month"), coerce=int, required=False)
    weekday = forms.TypedChoiceField(label=_("Day of the week"), coerce=int, required=False)
    monthday = forms.IntegerField(
        label=_("Date in the month"),
        required=False,
        min_value=1,
        max_value=28,
        help_text=_("From 1 to 28: for the end of the month, choose “the last” weekday instead."),
    )
    start_day = forms.DateField(
        label=_("Starting from"),
        widget=DATE_WIDGET,
        help_text=_("The first meeting is the first matching day from this one."),
    )
    starts = forms.TimeField(label=_("Starts at"), widget=TIME_WIDGET)
    ends = forms.TimeField(label=_("Ends at"), widget=TIME_WIDGET)
    last_day = forms.DateField(
        label=_("Runs until"), required=False, widget=DATE_WIDGET, help_text=_("Leave empty for no end date.")
    )

    class Meta:
        model = Series
        formfield_callback = relation_formfield
        fields = [*SHARED_FIELDS, "organisers"]
        widgets = WIDGETS
        help_texts = {"description": ""}

    field_order = ["kind", "title", "pattern", "nth", "weekday", "monthday", "start_day", "starts", "ends", "last_day"]

    def __init__(self, *args, community: Community, user, **kwargs):
        instance = kwargs.get("instance")
        initial = {"pattern": Pattern.MONTHLY_WEEKDAY, "nth": 1, "weekday": 1, "kind": EventKind.MONTHLY_MEETING}
        if instance is not None and instance.pk:
            tz = zone(community)
            start = instance.first_start.astimezone(tz)
            rule = rule_parse(instance.rule) or Rule(Pattern.MONTHLY_WEEKDAY)
            initial.update(
                pattern=rule.pattern,
                nth=rule.nth,
                weekday=rule.weekday,
                monthday=rule.monthday if rule.pattern == Pattern.MONTHLY_DAY else None,
                start_day=start.date(),
                starts=start.time(),
                ends=(start + timedelta(minutes=instance.duration)).time(),
                last_day=instance.until.astimezone(tz).date() if instance.until else None,
            )
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self._where_init(community, user)
        self.fields["nth"].choices = [(nth, nth_label(nth)) for nth in NTHS]
        self.fields["weekday"].choices = list(WEEKDAYS.items())

    def clean(self):
        cleaned = super().clean()
        pattern = cleaned.get("pattern")
        if pattern == Pattern.MONTHLY_DAY and not cleaned.get("monthday"):
            self.add_error("monthday", _("Give the date in the month, from 1 to 28."))
        if pattern == Pattern.MONTHLY_WEEKDAY and cleaned.get("nth") is None:
            self.add_error("nth", _("Choose which one in the month."))
        if pattern in (Pattern.MONTHLY_WEEKDAY, Pattern.WEEKLY, Pattern.FORTNIGHTLY) and cleaned.get("weekday") is None:
            self.add_error("weekday", _("Choose the day of the week."))
        day, starts, ends = cleaned.get("start_day"), cleaned.get("starts"), cleaned.get("ends")
        if self.errors or day is None or starts is None or ends is None:
            return cleaned
        rule = Rule(
            pattern,
            weekday=cleaned.get("weekday") or 0,
            nth=cleaned.get("nth") or 1,
            monthday=cleaned.get("monthday") or 1,
        ).as_rrule()
        first = rule_first(rule, day, starts)
        if ends <= starts:
            self.add_error("ends", _("The end must come after the start."))
            return cleaned
        last = cleaned.get("last_day")
        if first is None or (last is not None and first > last):
            self.add_error("last_day", _("No meeting falls between these two days: choose a later last day."))
            return cleaned
        cleaned["rule"] = rule
        cleaned["first_start"] = local_datetime(self.community, first, starts)
        cleaned["duration"] = int((datetime.combine(day, ends) - datetime.combine(day, starts)).total_seconds() // 60)
        cleaned["until"] = local_datetime(self.community, last, time.max) if last else None
        return cleaned

    def schedule(self, since: date | None = None) -> dict:
        """The rule, first start and duration; `since`: the first start is then the rule's first day from it."""
        data = self.cleaned_data
        first_start = data["first_start"]
        if since is not None:
            day = rule_first(data["rule"], since, data["starts"])
            first_start = local_datetime(self.community, day, data["starts"]) if day else first_start
        return {"rule": data["rule"], "first_start": first_start, "duration": data["duration"]}

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in SHARED_FIELDS},
            "organisers": list(data.get("organisers") or []),
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why cancel it?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The people registered are told, with this reason."),
    )
    # Ticked on the second step, when the meeting before (or after) is already cancelled.
    confirm = forms.BooleanField(
        label=_("I confirm: cancel this meeting too, even though the one next to it is cancelled."),
        required=False,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why (optional)"), max_length=2000, required=False)
