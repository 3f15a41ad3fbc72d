from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import consent
from .middleware import ConsentRequiredMiddleware
from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "organisation", "territory", "bio", "expertise", "language"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


def _link(slug: str, text) -> SafeString:
    return format_html('<a href="{}">{}</a>', reverse("help:page", args=[slug]), text)


class ConsentFields:
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use"),
        help_text=lazy(_link, SafeString)("terms", _("Read the terms of use")),
        error_messages={"required": _("Tick this box to accept the terms of use.")},
    )
    accept_privacy = forms.BooleanField(
        label=_("I have read the privacy notice"),
        help_text=lazy(_link, SafeString)("privacy", _("Read the privacy notice")),
        error_messages={"required": _("Tick this box to say you have read the privacy notice.")},
    )


class SignupExtraForm(forms.Form):
    """The fields allauth's sign-up form adds to email and password."""

    display_name = forms.CharField(label=capfirst(User._meta.get_field("display_name").verbose_name), max_length=120)
    organisation = forms.CharField(
        label=capfirst(User._meta.get_field("organisation").verbose_name), max_length=200, required=False
    )

    accept_terms = ConsentFields.accept_terms
    accept_privacy = ConsentFields.accept_privacy

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.organisation = self.cleaned_data["organisation"]
        user.language = getattr(request, "LANGUAGE_CODE", user.language) or user.language
        user.save(update_fields=["display_name", "organisation", "language"])
        consent.accept(user=user)
        request.session[ConsentRequiredMiddleware.KEY] = consent.current_versions()


class ConsentForm(forms.Form):
    """The terms of use and the privacy notice, accepted together; the page links both."""

    accept_terms = ConsentFields.accept_terms
    accept_privacy = ConsentFields.accept_privacy


class AccountDeleteForm(forms.Form):
    """Deleting one's account is confirmed by typing a phrase: it works for people who sign in
    with a code and have no password."""

    confirmation = forms.CharField(label=_("Type DELETE to confirm"), max_length=40)

    def __init__(self, *args, phrase: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.phrase = phrase
        self.fields["confirmation"].label = _("Type %(phrase)s to confirm") % {"phrase": phrase}

    def clean_confirmation(self) -> str:
        typed = self.cleaned_data["confirmation"].strip()
        if typed.casefold() != self.phrase.casefold():
            raise forms.ValidationError(_("Type %(phrase)s exactly, to show you mean it.") % {"phrase": self.phrase})
        return typed
