"""The attendance form: who came among the registered, members who came without a place, guests."""

from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.communities.forms import MemberPickers
from terreau.communities.models import Community, Membership
from terreau.core.forms import ModelMultipleChoiceField
from terreau.core.text import as_id


class AttendanceForm(MemberPickers, forms.Form):
    """`came` is read from the posted checkboxes (one per registration, drawn by the template: a
    list of 500 is not a Django widget); `walk_ins` are chosen with the member picker."""

    walk_ins = ModelMultipleChoiceField(
        label=_("Members who came without registering"), queryset=Membership.objects.none(), required=False
    )
    guests_count = forms.IntegerField(
        label=_("Guests who are not members"),
        min_value=0,
        max_value=10000,
        initial=0,
        help_text=_("People who came without being members of the community: counted, not named."),
    )

    def __init__(self, *args, community: Community, registration_ids: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.registration_ids = registration_ids
        self.fields["walk_ins"].queryset = Membership.objects.filter(
            community=community, status=Membership.Status.ACTIVE
        ).select_related("user")
        self.use_member_picker("walk_ins", community, label=_("Add a member who came"))

    def came(self) -> set[int]:
        """The ticked registrations, among those of the event."""
        ticked = set()
        for value in self.data.getlist("came") if self.is_bound else []:
            if as_id(value) in self.registration_ids:
                ticked.add(int(value))
        return ticked
