from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.communities.models import Membership
from terreau.core.forms import FormattedTextarea, ModelChoiceField, relation_formfield

from .models import Circle, CircleKind

KIND_CHOICES = [(value, label) for value, label in CircleKind.choices if value != CircleKind.CORE_TEAM]


def _members(community):
    return (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


class MemberChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.display_name or str(obj.user)


class CircleForm(forms.ModelForm):
    """The core team's form: every field of a circle."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Circle
        formfield_callback = relation_formfield
        fields = ["name", "kind", "parent", "purpose", "joining", "visibility", "information"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3}), "information": FormattedTextarea(attrs={"rows": 8})}
        help_texts = {"information": _("Markdown. What the group's members need to know: next steps, contacts, links.")}

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        circle = self.instance
        parents = Circle.objects.filter(community=community, closed_at__isnull=True)
        if circle.pk:
            parents = parents.exclude(pk=circle.pk)
            self.initial.setdefault("version", circle.version)
        self.fields["parent"].queryset = parents
        self.fields["kind"].choices = KIND_CHOICES
        if circle.pk and circle.is_core_team:
            for name in ("name", "kind", "parent"):
                del self.fields[name]
        else:
            self.fields["name"].required = True

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class InformationForm(forms.ModelForm):
    """A coordinator's form: the purpose and the group's information."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Circle
        fields = ["purpose", "information"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3}), "information": FormattedTextarea(attrs={"rows": 10})}
        help_texts = {"information": _("Markdown. What the group's members need to know: next steps, contacts, links.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class AskForm(forms.Form):
    message = forms.CharField(
        label=_("A word to the coordinator (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MemberAddForm(forms.Form):
    membership = MemberChoiceField(label=_("Member"), queryset=Membership.objects.none())
    coordinator = forms.BooleanField(label=_("Coordinator of the circle"), required=False)

    def __init__(self, *args, community, circle, **kwargs):
        super().__init__(*args, **kwargs)
        members = _members(community)
        if not circle.is_core_team:
            members = members.exclude(circle_memberships__circle=circle)
        else:
            members = members.filter(is_core_team=False)
            del self.fields["coordinator"]
        self.fields["membership"].queryset = members


class LinksForm(forms.Form):
    """The double link: the lead link (named by the parent circle) and the representative (elected)."""

    lead_link = MemberChoiceField(label=_("Lead link"), queryset=Membership.objects.none(), required=False)
    representative = MemberChoiceField(label=_("Representative"), queryset=Membership.objects.none(), required=False)

    def __init__(self, *args, community, circle, may_lead: bool, may_represent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_link"].queryset = _members(community)
        self.fields["lead_link"].help_text = _("Named by the parent circle; carries its expectations into this circle.")
        self.fields["representative"].queryset = _members(community).filter(circle_memberships__circle=circle)
        self.fields["representative"].help_text = _(
            "Elected by the circle among its members; carries its voice into the parent circle."
        )
        self.initial.setdefault("lead_link", circle.lead_link_id)
        self.initial.setdefault("representative", circle.representative_id)
        if not may_lead:
            del self.fields["lead_link"]
        if not may_represent:
            del self.fields["representative"]
