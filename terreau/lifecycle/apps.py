from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    """Phase workspace, launch day, activities calendar, action plan, launch pack."""

    name = "terreau.lifecycle"
    label = "lifecycle"
    verbose_name = _("Lifecycle")
