from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.circles import selectors as circle_selectors
from terreau.circles.models import Circle
from terreau.communities.models import Theme
from terreau.core.forms import FormattedTextarea, ModelChoiceField, ModelMultipleChoiceField
from terreau.core.models import Visibility

from .models import (
    BODY_MAX,
    SHORT_MAX,
    TITLE_MAX,
    FeedItem,
    Frequency,
    HelpPost,
    NotificationKind,
    Weekday,
)

MENTION_HELP = _("Mention a member with @ and their name: @julie-martin.")


def _visibility_field():
    return forms.ChoiceField(label=_("Who can see it"), choices=Visibility.choices, initial=Visibility.MEMBERS)


class QuestionForm(forms.Form):
    title = forms.CharField(label=_("Your question"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Details"), required=False, max_length=BODY_MAX, widget=FormattedTextarea, help_text=MENTION_HELP
    )
    themes = ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    visibility = _visibility_field()
    circle = ModelChoiceField(
        label=_("Circle"),
        queryset=Circle.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("The working group or circle the question is asked in: its page lists it."),
    )

    def __init__(self, *args, community, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        circles = circle_selectors.choices_for(user, community) if user is not None else Circle.objects.none()
        self.fields["circle"].queryset = circles
        if user is None or not circles.exists():
            del self.fields["circle"]
        themes = list(community.themes.all())
        self.fields["themes"].queryset = Theme.objects.filter(community=community)
        self.fields["themes"].choices = [(theme.pk, theme.name) for theme in themes]  # one query, not two
        if not themes:
            del self.fields["themes"]


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"), max_length=BODY_MAX, widget=FormattedTextarea, help_text=MENTION_HELP
    )


class QuestionToKnowledgeForm(forms.Form):
    item_type = forms.ChoiceField(label=_("Turn it into"), widget=forms.RadioSelect, initial="exchange_memo")

    def __init__(self, *args, **kwargs):
        from terreau.knowledge.models import ItemType

        super().__init__(*args, **kwargs)
        self.fields["item_type"].choices = [
            (ItemType.EXCHANGE_MEMO, ItemType.EXCHANGE_MEMO.label),
            (ItemType.GOOD_PRACTICE, ItemType.GOOD_PRACTICE.label),
        ]


class HelpPostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=HelpPost.Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("In a few words"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=SHORT_MAX * 2,
        widget=FormattedTextarea,
        help_text=_("Skills, time, contacts: what is needed or offered, where and until when."),
    )
    visibility = _visibility_field()


class HelpStepForm(forms.Form):
    message = forms.CharField(label=_("A word for the author (optional)"), required=False, max_length=500)


class HelpStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=HelpPost.Status.choices)


class KudosForm(forms.Form):
    receiver = forms.ChoiceField(label=_("Who do you want to thank or congratulate?"))
    message = forms.CharField(label=_("Your message"), max_length=SHORT_MAX, widget=forms.Textarea)
    visibility = _visibility_field()

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver"].choices = [("", "—")] + [(m.pk, m.user.display_name) for m in members]


class FeedFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Show"), required=False, choices=[("", _("Everything"))] + list(FeedItem.Kind.choices)
    )


def _zones():
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones()) if "/" in name]


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Emails"), choices=Frequency.choices, widget=forms.RadioSelect)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_zones)
    unsubscribed_kinds = forms.MultipleChoiceField(
        label=_("No email for"),
        required=False,
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("These stay in your notifications in Terreau."),
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:  # only what this person can receive here
            self.fields["unsubscribed_kinds"].choices = kinds


class PolicyForm(forms.Form):
    daily_ceiling = forms.IntegerField(
        label=_("Emails a day at most, per member"),
        min_value=1,
        max_value=10,
        help_text=_("The guide: no more than a few a day. Beyond it, notifications wait for the next digest."),
    )
    weekly_day = forms.TypedChoiceField(label=_("Day of the weekly digest"), choices=Weekday.choices, coerce=int)
    welcome_memo = forms.CharField(
        label=_("Welcome memo"),
        required=False,
        max_length=BODY_MAX,
        widget=FormattedTextarea,
        help_text=_(
            "Sent to every new member. It starts as the guide's memo, which newcomers receive in their "
            "language; adapt it to your community."
        ),
    )


class WeeklyMessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX,
        widget=FormattedTextarea(attrs={"rows": 14}),
        help_text=_("News, projects moving, what is coming."),
    )
