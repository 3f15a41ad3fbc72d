from django import forms
from django.utils.text import capfirst

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "organisation", "territory", "bio", "expertise", "language"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


class SignupExtraForm(forms.Form):
    """The fields allauth's sign-up form adds to email and password."""

    display_name = forms.CharField(label=capfirst(User._meta.get_field("display_name").verbose_name), max_length=120)
    organisation = forms.CharField(
        label=capfirst(User._meta.get_field("organisation").verbose_name), max_length=200, required=False
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.organisation = self.cleaned_data["organisation"]
        user.language = getattr(request, "LANGUAGE_CODE", user.language) or user.language
        user.save(update_fields=["display_name", "organisation", "language"])
