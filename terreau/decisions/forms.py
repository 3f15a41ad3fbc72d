"""The forms of decisions: a proposal, a say in a round, an amendment, a tension."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terreau import permissions
from terreau.circles.models import Circle
from terreau.communities.models import Community, Theme
from terreau.core.forms import FormattedTextarea, ModelChoiceField, ModelMultipleChoiceField
from terreau.core.models import Visibility

from .models import Response

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DEFAULT_DAYS = 14  # two weeks: time for every participant to read, ask, react and answer


def circles_for(user, community: Community):
    return permissions.visible(
        user, community, Circle.objects.filter(community=community, closed_at__isnull=True)
    ).order_by("kind", "name", "pk")


def end_of_day(community: Community, day: date) -> datetime:
    """The deadline is a day: its rounds close at the end of it, in the community's time zone."""
    return datetime.combine(day, time(23, 59)).replace(tzinfo=ZoneInfo(community.time_zone))


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Proposal"),
        widget=FormattedTextarea(attrs={"rows": 10}),
        max_length=20000,
        help_text=_("What you propose, why, and how it answers the tension."),
    )
    circle = ModelChoiceField(label=_("Circle that decides"), queryset=Circle.objects.none(), empty_label=None)
    deadline = forms.DateField(
        label=_("Answers expected by"),
        widget=DATE_WIDGET,
        help_text=_("The rounds close at the end of this day at the latest."),
    )
    review_on = forms.DateField(
        label=_("Review date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("When the circle looks at this decision again. The circle is reminded beforehand."),
    )
    themes = ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Visibility.choices,
        initial=Visibility.MEMBERS,
        widget=forms.RadioSelect,
        help_text=_("An adopted decision that is public shows in the decision log of a public community."),
    )

    def __init__(self, *args, community: Community, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        self.fields["circle"].queryset = circles_for(user, community)
        self.fields["circle"].label_from_instance = lambda circle: circle.display_name
        self.fields["themes"].queryset = community.themes.all()
        seen = permissions.visibilities(user, community)
        self.fields["visibility"].choices = [choice for choice in Visibility.choices if choice[0] in seen]
        if not self.is_bound and "deadline" not in self.initial:
            self.initial["deadline"] = timezone.localdate() + timedelta(days=DEFAULT_DAYS)

    def deadline_at(self) -> datetime:
        return end_of_day(self.community, self.cleaned_data["deadline"])


class SayForm(forms.Form):
    """A reaction, a consent or an objection; a facilitator names whose it is in a meeting."""

    kind = forms.ChoiceField(choices=Response.Kind.choices, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("What you say"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    membership = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AmendForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Proposal"), widget=FormattedTextarea(attrs={"rows": 12}), max_length=20000)
    note = forms.CharField(label=_("What changed"), max_length=500, required=False)
    integrated = forms.TypedMultipleChoiceField(
        label=_("Objections this text integrates"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, objections=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(objection.pk, f"{objection.membership.user}: {objection.text}") for objection in objections]
        if choices:
            self.fields["integrated"].choices = choices
        else:
            del self.fields["integrated"]


class TensionForm(forms.Form):
    title = forms.CharField(label=_("In a few words"), max_length=200)
    text = forms.CharField(
        label=_("What does not work"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you notice, and what it causes. No need to have the solution."),
    )
    circle = ModelChoiceField(label=_("Circle concerned"), queryset=Circle.objects.none(), empty_label=None)

    def __init__(self, *args, community: Community, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["circle"].queryset = circles_for(user, community)
        self.fields["circle"].label_from_instance = lambda circle: circle.display_name


class LogFilter(forms.Form):
    circle = ModelChoiceField(label=_("Circle"), queryset=Circle.objects.none(), required=False, empty_label=_("All"))
    theme = ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False, empty_label=_("All"))

    def __init__(self, *args, community: Community, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["circle"].queryset = permissions.visible(
            user, community, Circle.objects.filter(community=community)
        )
        self.fields["circle"].label_from_instance = lambda circle: circle.display_name
        self.fields["theme"].queryset = community.themes.all()
