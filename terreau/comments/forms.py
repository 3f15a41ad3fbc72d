from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.core.forms import FormattedTextarea

from .models import BODY_MAX

MENTION_HELP = _(
    "Mention a member with @ and their name in lower case, words joined by hyphens: @julie-martin. "
    "They are told, if they may read this page."
)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=BODY_MAX,
        widget=FormattedTextarea(attrs={"rows": 4}),
        help_text=MENTION_HELP,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "comment")
        super().__init__(*args, **kwargs)
