from django.contrib import admin

from .models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "language", "sent_at"]
    list_filter = ["status", "language", "template"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in Email._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False
