from django.contrib import admin, messages
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "next_attempt_at", "sent_at", "last_error"]
    list_filter = ["status", "attempts", ("error", admin.EmptyFieldListFilter), "language", "template"]
    search_fields = ["to", "subject", "error"]
    readonly_fields = [f.name for f in Email._meta.fields]
    date_hierarchy = "created_at"
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("last error"))
    def last_error(self, email):
        return truncatechars(email.error, 80)

    @admin.action(description=_("Send the selected failed emails again"), permissions=["change"])
    def retry(self, request, queryset):
        count = services.emails_retry(emails=queryset)
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count) % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
