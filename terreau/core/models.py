from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    """Who may see a thing a community holds (the guide's simple access levels)."""

    PUBLIC = "public", _("Public: everyone, including visitors")
    MEMBERS = "members", _("Members of the community")
    CORE_TEAM = "core_team", _("Core team only")


class VisibilityField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("choices", Visibility.choices)
        kwargs.setdefault("default", Visibility.MEMBERS)
        kwargs.setdefault("verbose_name", _("visibility"))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "terreau.core.models.VisibilityField", args, kwargs
