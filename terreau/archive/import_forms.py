"""The form that uploads an archive to import."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.communities.models import Community

from . import loader


class ImportForm(forms.Form):
    """The ZIP is checked at once for what is quick to see (a ZIP, a Terreau archive of a version
    this instance reads, within the caps, no path leaving its folder, its short address free);
    its fingerprints and its records are read in the background."""

    file = forms.FileField(label=gettext_lazy("Archive (ZIP)"))
    name = forms.CharField(
        label=gettext_lazy("Name of the new community"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("Left empty, it is the archived community's name."),
    )
    slug = forms.SlugField(
        label=gettext_lazy("Short address"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("Letters, digits and hyphens. Left empty, it is the archived community's."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A ZIP made by the archive of a Terreau community, on this instance or another; %(max)s at most. "
            "The new community is private and its core team is you: you then invite its members."
        ) % {"max": filesizeformat(loader.max_bytes())}
        self.fields["file"].widget.attrs["accept"] = ".zip,application/zip"
        self.manifest: dict = {}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            archive = loader.Archive(upload)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        self.manifest = archive.manifest
        archive.close()
        upload.seek(0)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.manifest and "slug" not in self.errors:
            slug = cleaned.get("slug") or str((self.manifest.get("community") or {}).get("slug") or "")
            if slug and Community.objects.filter(slug=slug).exists():
                error = loader.slug_taken(slug)
                self.add_error("slug", error.error_dict["slug"])
                # Shown filled in with the free address it proposes, to send the file again with.
                self.data = self.data.copy()
                self.data[self.add_prefix("slug")] = error.error_dict["slug"][0].params["free"]
        return cleaned


class RetryForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the new community"), max_length=120, required=False)
    slug = forms.SlugField(label=gettext_lazy("Short address"), max_length=60)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Community.objects.filter(slug=slug).exists():
            raise loader.slug_taken(slug).error_dict["slug"][0]
        return slug
