from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.core.forms import ModelChoiceField, object_id, relation_formfield

from . import selectors
from .models import ENGAGEMENT_HELP, Community, Invitation, Membership, Role
from .selectors import community_slug_suggest


class SlugInput(forms.TextInput):
    """The short address, and the suggestion it was last given (see CommunityCreateForm)."""

    template_name = "communities/widgets/slug_input.html"
    suggested = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["suggested"] = self.suggested
        return context


class MemberPickerInput(forms.TextInput):
    """The member picker's text field: as one types a name, an organisation or an email, htmx asks
    `communities:member_search` for a few members and shows them below as radio buttons (or
    checkboxes) named `choice_name`. Without JavaScript the text itself names the member
    (`member_field_resolve`)."""

    template_name = "communities/widgets/member_picker.html"
    input_type = "search"

    def __init__(self, *, community: Community, choice_name: str, multiple: bool = False, attrs=None):
        super().__init__(attrs={"maxlength": 200, **(attrs or {})})
        query = {"name": choice_name, **({"multiple": "1"} if multiple else {})}
        self.search_url = f"{reverse('communities:member_search', args=[community.slug])}?{urlencode(query)}"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = self.search_url
        return context


def member_picker_field(community: Community, *, choice_name: str, multiple: bool = False, label=None):
    """The text field of the member picker, for a form whose member(s) come back as `choice_name`."""
    return forms.CharField(
        label=label or _("Member"),
        required=False,
        max_length=200,
        help_text=_("Type a name, an organisation or an email address, then choose."),
        widget=MemberPickerInput(community=community, choice_name=choice_name, multiple=multiple),
    )


def member_field_resolve(form: forms.Form, community: Community, name: str = "member") -> Membership | None:
    """The member the picker's text names, when no choice came back; the field's error otherwise."""
    text = form.cleaned_data.get(name, "")
    if not text:
        return None
    found = selectors.member_resolve(community, text)
    if found is None:
        form.add_error(
            name,
            _("No single member matches “%(text)s”: type more of the name, or the email address.") % {"text": text},
        )
    return found


def _ids(values) -> list[int]:
    """The ids among a field's values: model instances (initial) or strings (posted)."""
    ids = (object_id(getattr(value, "pk", value)) for value in values)
    return [value for value in ids if value is not None]


class MemberPickers:
    """For a form with a field of members (a ForeignKey or a many-to-many to Membership) that
    would list every member of a large community: the field lists only the members already chosen
    (radio buttons or checkboxes), and a picker beside it, `<field>_member`, adds another.

    Call `use_member_picker()` in `__init__`, after the field's queryset is set.
    """

    def use_member_picker(self, name: str, community: Community, *, label=None, empty_label=None) -> None:
        self._pickers = {**getattr(self, "_pickers", {}), name: community}
        field = self.fields[name]
        multiple = isinstance(field, forms.ModelMultipleChoiceField)
        value = self[name].value()
        chosen = _ids(value if isinstance(value, list | tuple) else [value])
        choices = [(member.pk, str(member.user)) for member in field.queryset.filter(pk__in=chosen)]
        if multiple:
            field.required = False
            field.widget = forms.CheckboxSelectMultiple()
        else:
            field.widget = forms.RadioSelect()
            if not field.required:
                choices = [("", empty_label or _("Nobody"))] + choices
        field.widget.choices = choices  # the validation still reads the whole queryset
        picker = member_picker_field(community, choice_name=name, multiple=multiple, label=label)
        self.fields[f"{name}_member"] = picker
        order = list(self.fields)
        order.remove(f"{name}_member")
        order.insert(order.index(name) + 1, f"{name}_member")
        self.order_fields(order)

    def clean(self):
        cleaned = super().clean()
        for name, community in getattr(self, "_pickers", {}).items():
            found = member_field_resolve(self, community, f"{name}_member")
            if found is None:
                continue
            field = self.fields[name]
            if not field.queryset.filter(pk=found.pk).exists():
                self.add_error(f"{name}_member", _("%(name)s cannot be chosen here.") % {"name": found.user})
            elif isinstance(field, forms.ModelMultipleChoiceField):
                cleaned[name] = [*(cleaned.get(name) or []), found]
            else:
                cleaned[name] = found
        return cleaned


class CommunityCreateForm(forms.ModelForm):
    """The short address is suggested from the name: filled in as the name is typed (htmx asks
    views.community_slug_suggest; a short address the person wrote is kept), and made from the
    name when left empty, which is all that happens without JavaScript."""

    # The community's first themes; they are kept afterwards with the knowledge base's entry points.
    themes = forms.CharField(
        label=_("Themes"), required=False, max_length=600, help_text=_("Separate themes with commas.")
    )

    class Meta:
        model = Community
        fields = ["name", "slug", "purpose", "themes", "listing"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4}), "listing": forms.RadioSelect, "slug": SlugInput}
        help_texts = {
            "slug": _(
                "Used in the address of the community: letters, digits and hyphens. "
                "Left empty, it is made from the name."
            )
        }

    def __init__(self, *args, suggest_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if suggest_url:
            self.fields["name"].widget.attrs.update(
                {
                    "hx-get": suggest_url,
                    "hx-trigger": "input changed delay:400ms",
                    "hx-target": "#slug-input",
                    "hx-swap": "outerHTML",
                    "hx-include": "#slug-input",
                }
            )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("name"):
            suggestion = community_slug_suggest(cleaned["name"])
            if not suggestion:
                self.add_error("slug", _("Choose a short address: letters, digits and hyphens."))
            else:
                cleaned["slug"] = suggestion
                self.fields["slug"].widget.suggested = suggestion
                # Shown filled in if the form comes back with another error.
                self.data = self.data.copy()
                self.data[self.add_prefix("slug")] = suggestion
        return cleaned


class CommunityEditForm(forms.ModelForm):
    class Meta:
        model = Community
        # The phase changes only through the workspace, where each move is recorded; the themes
        # with the knowledge base's entry points, where renaming one keeps what points to it.
        fields = ["name", "purpose", "listing"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4}), "listing": forms.RadioSelect}


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "category", "message", "core_team"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}


class EngagementForm(forms.Form):
    engagement = forms.ChoiceField(
        label=_("How do you want to take part?"), choices=Membership.Engagement.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each choice with the guide's one-line explanation.
        self.fields["engagement"].choices = [
            (value, f"{label} — {ENGAGEMENT_HELP[value]}") for value, label in Membership.Engagement.choices
        ]


class MembershipForm(MemberPickers, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["category", "sponsor"]
        formfield_callback = relation_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        membership = self.instance
        self.fields["sponsor"].queryset = (
            Membership.objects.filter(community=membership.community_id, status=Membership.Status.ACTIVE)
            .exclude(pk=membership.pk)
            .select_related("user")
            .order_by("user__display_name")
        )
        self.fields["sponsor"].label_from_instance = lambda m: str(m.user)
        self.use_member_picker("sponsor", membership.community, label=_("Another sponsor"), empty_label=_("No sponsor"))


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("A word for the core team (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = ["name", "description", "hours_per_month", "visibility"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        role = self.instance
        if role.pk and not role.name:
            # Guide roles show in the reader's language until the core team renames them.
            self.initial["name"] = role.display_name
            self.initial["description"] = role.display_description
        self.fields["name"].required = True

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        # Left unchanged, a guide role keeps following the reader's language.
        return "" if self.instance.pk and not self.instance.name and name == self.instance.display_name else name

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        keep_default = self.instance.pk and not self.instance.description
        return "" if keep_default and text == self.instance.display_description else text


class MemberPickerForm(forms.Form):
    """A member chosen among thousands without a list of them all (see `MemberPickerInput`)."""

    membership = ModelChoiceField(label=_("Member"), queryset=Membership.objects.none(), required=False)

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        self.fields["membership"].queryset = Membership.objects.filter(
            community=community, status=Membership.Status.ACTIVE
        ).select_related("user")
        self.fields["member"] = member_picker_field(community, choice_name="membership")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned.get("membership") is None:
            cleaned["membership"] = member_field_resolve(self, self.community)
            if cleaned["membership"] is None and not self.errors:
                self.add_error("member", _("Choose a member of the community."))
        return cleaned


class RoleAssignForm(MemberPickerForm):
    """One form for the whole page; the member comes from the picker, never from a list of every member."""

    role = ModelChoiceField(label=_("Role"), queryset=Role.objects.none())

    def __init__(self, *args, community: Community, roles=None, **kwargs):
        super().__init__(*args, community=community, **kwargs)
        self.fields["role"].queryset = Role.objects.filter(community=community, retired_at__isnull=True)
        self.fields["role"].label_from_instance = lambda role: role.display_name
        if roles is not None:  # the roles already on the page: no second query for the options
            self.fields["role"].choices = [("", "—")] + [(role.pk, role.display_name) for role in roles]


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name, organisation, territory or expertise"), required=False, max_length=100)
