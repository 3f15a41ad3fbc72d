from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import actions
from .models import AuditEntry


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(code, label) for code, (_kind, label) in actions.ACTIONS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The whole log, for the platform admin; read only, as a log must be."""

    list_display = ["created_at", "community", "actor_name", "action_label", "target_label"]
    list_filter = [ActionFilter, "community", "created_at"]
    search_fields = ["actor_name", "target_label", "action", "community__name"]
    list_select_related = ["community"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    @admin.display(description=_("action"))
    def action_label(self, entry):
        return entry.action_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
