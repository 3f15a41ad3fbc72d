"""Forms of the knowledge base.

An item's form is the common part (title, entry points, visibility) plus its type's fields form,
which comes from the item types' schema (item_types.FIELD_FORMS).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.circles import selectors as circle_selectors
from terreau.communities.models import Community, Membership, Theme
from terreau.communities.themes import NAME_MAX, split_names
from terreau.core.forms import FormattedTextarea, ModelChoiceField, ModelMultipleChoiceField, relation_formfield

from .item_types import DATE_WIDGET, ItemType, text_field
from .models import ATTACHMENT_MAX_BYTES, ActivityTag, ContributorInterview, Handover


def _members(community: Community):
    return (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


class ItemForm(forms.Form):
    """What every item has: title, the entry points, visibility; `base_version` detects conflicts."""

    title = forms.CharField(label=_("Title"), max_length=200)
    themes = ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    activity = ModelChoiceField(
        label=_("Community activity"),
        queryset=ActivityTag.objects.none(),
        required=False,
        empty_label=_("The community as a whole"),
        help_text=_("The working group, event or project the item comes from."),
    )
    visibility = forms.ChoiceField(label=_("Who may read it"), widget=forms.RadioSelect)
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        community: Community,
        item_type: str,
        editing: bool = False,
        can_add_themes: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        from terreau.core.models import Visibility

        self.fields["visibility"].choices = Visibility.choices
        self.fields["visibility"].initial = Visibility.MEMBERS
        themes = Theme.objects.filter(community=community)
        self.fields["themes"].queryset = themes
        # A community without themes yet: no empty list of boxes; whoever may add themes writes
        # them here, the others are told who adds them (`no_themes`).
        has_themes = themes.exists()
        self.no_themes = not has_themes and not can_add_themes
        if not has_themes:
            del self.fields["themes"]
        if can_add_themes:
            self.fields["new_themes"] = forms.CharField(
                label=_("Other themes") if has_themes else _("Themes"),
                required=False,
                max_length=1000,
                help_text=_(
                    "Write new themes separated by commas, for example “short food chains, local markets”: "
                    "they are added to the community's themes."
                ),
            )
            self.order_fields(["title", "themes", "new_themes"])
        self.fields["activity"].queryset = ActivityTag.objects.filter(community=community)
        if item_type == ItemType.GOOD_PRACTICE:
            contact = ModelChoiceField(
                label=_("Contact person"),
                queryset=_members(community),
                required=False,
                empty_label=_("Not a member (name and email below)"),
            )
            contact.label_from_instance = lambda membership: str(membership.user)
            self.fields["contact"] = contact
        if item_type == ItemType.ARTICLE:
            self.fields["body"] = text_field(_("Text"), rows=16, max_length=100_000)
            self.fields["body"].widget = FormattedTextarea(attrs={"rows": 16})
        if editing:
            self.fields["note"] = forms.CharField(
                label=_("What changed"),
                max_length=200,
                required=False,
                help_text=_(
                    "A few words kept with the version, for example “Prices for 2026”. On a published "
                    "item, they also tell the community in its activity feed; a small fix needs none."
                ),
            )

    def clean_new_themes(self) -> list[str]:
        return split_names(self.cleaned_data.get("new_themes", ""))


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, office document (OpenDocument or Microsoft Office) or image (PNG, JPEG, GIF); 10 MB at most."
        ),
    )
    summary = text_field(_("Summary of the file"), _("Found by the search."), required=False, rows=3, max_length=4000)
    visibility = forms.ChoiceField(label=_("Who may download it"), widget=forms.RadioSelect)

    def __init__(self, *args, file_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        from terreau.core.models import Visibility

        self.fields["visibility"].choices = Visibility.choices
        self.fields["visibility"].initial = Visibility.MEMBERS
        self.fields["file"].required = file_required

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class DocumentFileForm(UploadForm):
    """The file of a new document item: its visibility is the item's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["visibility"]
        del self.fields["summary"]


class FilterForm(forms.Form):
    """The entry points and the search words of the knowledge home (GET: each list has its own URL)."""

    q = forms.CharField(label=_("Search the knowledge base"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type of information"), required=False)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    activity = forms.TypedChoiceField(label=_("Community activity"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, themes, activities, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types"))] + list(ItemType.choices)
        self.fields["theme"].choices = [("", _("All themes"))] + [(theme.pk, theme.name) for theme in themes]
        self.fields["activity"].choices = [("", _("All activities"))] + [(a.pk, a.name) for a in activities]
        self.fields["status"].choices = [("", _("Published"))] + statuses

    def values(self) -> dict:
        if not self.is_valid():
            return {"q": "", "type": "", "theme": None, "activity": None, "status": ""}
        return dict(self.cleaned_data)


class ThemeForm(forms.Form):
    """A new theme of the community, or a theme's new name."""

    name = forms.CharField(label=_("New theme"), max_length=NAME_MAX)

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["name"].label = label


class ActivityTagForm(forms.ModelForm):
    class Meta:
        model = ActivityTag
        formfield_callback = relation_formfield
        fields = ["name", "kind", "circle"]
        labels = {"name": _("New activity")}
        help_texts = {"circle": _("The working group or project this activity is: its page lists the items.")}

    def __init__(self, *args, user=None, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        circle = self.fields["circle"]
        if user is None or community is None:
            del self.fields["circle"]
            return
        circle.queryset = circle_selectors.choices_for(user, community)  # type: ignore[attr-defined]
        circle.empty_label = _("None")  # type: ignore[attr-defined]


class InterviewForm(forms.ModelForm):
    class Meta:
        model = ContributorInterview
        formfield_callback = relation_formfield
        fields = [
            "interviewee",
            "interviewee_name",
            "interviewer",
            "held_on",
            "questions_answers",
            "items",
            "visibility",
        ]
        widgets = {
            "held_on": DATE_WIDGET,
            "questions_answers": FormattedTextarea(attrs={"rows": 14}),
            "items": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "questions_answers": _("Each question on a line of its own starting with “## ”, its answer below it.")
        }

    def __init__(self, *args, community: Community, items, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("interviewee", "interviewer"):
            self.fields[name].queryset = _members(community)
            self.fields[name].label_from_instance = lambda membership: str(membership.user)
        self.fields["items"].queryset = items

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("interviewee") and not (cleaned.get("interviewee_name") or "").strip():
            self.add_error("interviewee_name", _("Choose the member interviewed, or give their name."))
        return cleaned


class HandoverForm(forms.ModelForm):
    class Meta:
        model = Handover
        formfield_callback = relation_formfield
        fields = [
            "title",
            "held_on",
            "finishing_team",
            "starting_teams",
            "lessons",
            "questions",
            "answers",
            "visibility",
        ]
        widgets = {
            "held_on": DATE_WIDGET,
            "finishing_team": forms.Textarea(attrs={"rows": 2}),
            "starting_teams": forms.Textarea(attrs={"rows": 2}),
            "questions": FormattedTextarea(attrs={"rows": 8}),
            "answers": FormattedTextarea(attrs={"rows": 10}),
            "lessons": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
        }
        help_texts = {"questions": "", "answers": ""}  # the formatting help folds under each box

    def __init__(self, *args, community: Community, lessons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lessons"].queryset = lessons
