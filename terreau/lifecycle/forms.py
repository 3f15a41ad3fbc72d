from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.communities.models import Community, Membership
from terreau.core.forms import FormattedTextarea, relation_formfield

from .models import Answer


class AnswerForm(forms.ModelForm):
    class Meta:
        model = Answer
        formfield_callback = relation_formfield
        fields = ["text", "status", "assignee", "visibility"]
        widgets = {"text": FormattedTextarea(attrs={"rows": 8}), "status": forms.RadioSelect}

    def __init__(self, *args, community: Community, written_in_tool: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if written_in_tool:
            del self.fields["text"]
        field = self.fields["assignee"]
        field.queryset = (
            Membership.objects.filter(community=community, is_core_team=True, status=Membership.Status.ACTIVE)
            .select_related("user")
            .order_by("user__display_name")
        )
        field.label_from_instance = lambda membership: str(membership.user)
        field.empty_label = _("Nobody yet")
