from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.communities.forms import MemberPickers
from terreau.communities.models import Community, Membership, Theme
from terreau.communities.themes import NAME_MAX
from terreau.core.forms import FormattedTextarea, relation_formfield

from .models import Action, Activity
from .selectors import NEEDS_HELP

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _members(community: Community):
    return (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


def _name(membership: Membership) -> str:
    return str(membership.user)


class GuideTextForm(forms.ModelForm):
    """Shows the guide's wording of a suggested thing in the text fields; left unchanged, the field
    stays empty so that the thing keeps following each reader's language."""

    guide_fields: tuple[str, ...] = ()
    required_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.required_fields:
            self.fields[name].required = True
        if self.instance.guide_key:
            for name in self.guide_fields:
                if not getattr(self.instance, name):
                    self.initial[name] = self.instance.guide_text(name)

    def clean(self):
        cleaned = super().clean()
        if self.instance.guide_key:
            for name in self.guide_fields:
                value = cleaned.get(name)
                if (
                    isinstance(value, str)
                    and not getattr(self.instance, name)
                    and value.strip().replace("\r\n", "\n") == self.instance.guide_text(name).strip()
                ):
                    cleaned[name] = ""
        return cleaned


class ActivityForm(MemberPickers, GuideTextForm):
    guide_fields = ("title", "description", "participants")
    required_fields = ("title", "participants")

    class Meta:
        model = Activity
        formfield_callback = relation_formfield
        fields = ["title", "frequency", "participants", "owner", "description", "visibility"]
        widgets = {
            "description": FormattedTextarea(attrs={"rows": 4}),
            "frequency": forms.RadioSelect,
            "visibility": forms.RadioSelect,
        }
        help_texts = {"description": ""}

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        field.queryset = _members(community)
        field.label_from_instance = _name
        self.use_member_picker("owner", community, label=_("Another member"), empty_label=_("Nobody in particular"))


class ActionForm(MemberPickers, forms.ModelForm):
    new_theme = forms.CharField(
        label=_("Or a new theme"),
        required=False,
        max_length=NAME_MAX,
        help_text=_("For example: logistics, communication. It joins the community's themes."),
    )

    class Meta:
        model = Action
        formfield_callback = relation_formfield
        fields = [
            "title",
            "description",
            "owners",
            "theme",
            "new_theme",
            "due_date",
            "status",
            "needs_support",
            "visibility",
        ]
        widgets = {
            "description": FormattedTextarea(attrs={"rows": 4}),
            "due_date": DATE_WIDGET,
            "visibility": forms.RadioSelect,
        }
        help_texts = {"description": ""}

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        field = self.fields["owners"]
        field.queryset = _members(community)
        field.label_from_instance = _name
        field.help_text = _("Untick to remove an owner; add one with the field below.")
        self.use_member_picker("owners", community, label=_("Add an owner"))
        self.fields["theme"].queryset = Theme.objects.filter(community=community)
        self.fields["theme"].empty_label = _("No theme")


class ActionFilterForm(forms.Form):
    """The action plan's filters, read from the address so that a filtered view can be shared."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None)
    show = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[("", _("The next 3 months")), ("all", _("All actions"))],
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("Every status")),
            (NEEDS_HELP, _("Needs help: overdue, blocked or needing support")),
            *Action.Status.choices,
        ]
        self.fields["owner"].choices = [("", _("Everyone"))] + [(m.pk, str(m.user)) for m in owners]

    def values(self) -> dict:
        """The valid filters; a value that is not among the choices is ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "status": data.get("status") or "",
            "owner": data.get("owner"),
            "show_all": data.get("show") == "all",
        }


class ActionReportForm(forms.Form):
    """An owner's status and news of their action (the plan's card draws the fields itself)."""

    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    note = forms.CharField(label=_("News (optional)"), required=False, max_length=2000)
