from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from terreau import permissions
from terreau.circles import selectors as circle_selectors
from terreau.circles.models import Circle
from terreau.communities.models import Community, Membership, Role, RoleAssignment, RoleKind
from terreau.core.forms import ModelChoiceField, ModelMultipleChoiceField

from .models import REASON_MAX, VISIBILITIES, Answer, Election, RoleCall


def _members(community: Community):
    return (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


def _named(field):
    field.label_from_instance = lambda membership: membership.user.display_name
    return field


class ElectionForm(forms.ModelForm):
    role = ModelChoiceField(label=_("Role"), queryset=Role.objects.none(), required=False)
    circle = ModelChoiceField(
        label=_("Who takes part"),
        queryset=Circle.objects.none(),
        help_text=_("The members of this circle nominate and consent."),
    )
    facilitator = ModelChoiceField(
        label=_("Facilitator"),
        queryset=Membership.objects.none(),
        help_text=_("A member of the core team or of the facilitation role runs the rounds."),
    )

    class Meta:
        model = Election
        fields = ["subject", "role", "circle", "description", "term_months", "facilitator", "visibility"]
        widgets = {"subject": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, community: Community, user, **kwargs):
        super().__init__(*args, **kwargs)
        roles = Role.objects.filter(community=community, retired_at__isnull=True)
        self.fields["role"].queryset = permissions.visible(user, community, roles)
        self.fields["role"].label_from_instance = lambda role: role.display_name
        self.fields["role"].help_text = _("For a role of the community; leave empty for a representative.")
        # Only the circles the person sees: a core-team-only circle is not named to a facilitator.
        self.fields["circle"].queryset = circle_selectors.choices_for(user, community)
        self.fields["circle"].label_from_instance = lambda circle: circle.display_name
        facilitators = RoleAssignment.objects.filter(
            role__community=community, role__kind=RoleKind.FACILITATION, role__retired_at__isnull=True
        ).values("membership_id")
        self.fields["facilitator"].queryset = _members(community).filter(Q(is_core_team=True) | Q(pk__in=facilitators))
        _named(self.fields["facilitator"])
        self.fields["visibility"].choices = VISIBILITIES
        self.fields["term_months"].widget.attrs.update(min=1, max=48)


class NominationForm(forms.Form):
    # In a meeting, who speaks comes first.
    field_order = ["for_member", "nominee", "reason"]
    nominee = ModelChoiceField(label=_("I nominate"), queryset=Membership.objects.none())
    reason = forms.CharField(
        label=_("Why this person"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    for_member = ModelChoiceField(
        label=_("Written for"),
        queryset=Membership.objects.none(),
        required=False,
        help_text=_("In a meeting: the participant present who says it aloud."),
    )

    def __init__(self, *args, community: Community, participants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = _members(community)
        _named(self.fields["nominee"])
        if participants is None:
            del self.fields["for_member"]
        else:
            self.fields["for_member"].queryset = _members(community).filter(pk__in=[p.pk for p in participants])
            self.fields["for_member"].required = True
            _named(self.fields["for_member"])


class ProposalForm(forms.Form):
    nominee = ModelChoiceField(label=_("I propose"), queryset=Membership.objects.none())
    reason = forms.CharField(
        label=_("The reasons given for this person"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = _members(community)
        _named(self.fields["nominee"])


class AnswerForm(forms.Form):
    field_order = ["for_member", "choice", "reason"]
    choice = forms.ChoiceField(label=_("My answer"), choices=Answer.Choice.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed for an objection: how would this choice harm the community?"),
    )
    for_member = ModelChoiceField(label=_("Answer of"), queryset=Membership.objects.none(), required=False)

    def __init__(self, *args, community: Community, participants=None, **kwargs):
        super().__init__(*args, **kwargs)
        if participants is None:
            del self.fields["for_member"]
        else:
            self.fields["for_member"].queryset = _members(community).filter(pk__in=[p.pk for p in participants])
            self.fields["for_member"].required = True
            _named(self.fields["for_member"])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=REASON_MAX, required=False)


class RoleCallForm(forms.ModelForm):
    roles = ModelMultipleChoiceField(
        label=_("Open roles"), queryset=Role.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = RoleCall
        fields = ["title", "text", "roles", "visibility"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].queryset = Role.objects.filter(community=community, retired_at__isnull=True)
        self.fields["roles"].label_from_instance = lambda role: role.display_name


class VolunteerForm(forms.Form):
    role = ModelChoiceField(label=_("The role I offer to take"), queryset=Role.objects.none())
    motivation = forms.CharField(
        label=_("A word on why"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, call: RoleCall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = call.roles.all()
        self.fields["role"].label_from_instance = lambda role: role.display_name


class DecideForm(forms.Form):
    note = forms.CharField(
        label=_("A word for the volunteer"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
