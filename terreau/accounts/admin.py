from allauth.mfa.admin import AuthenticatorAdmin as BaseAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from terreau import permissions

from . import services
from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["display_name"]
    list_display = ["display_name", "email", "organisation", "territory", "language", "is_staff", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language"]
    search_fields = ["display_name", "email", "organisation", "territory", "expertise"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["display_name", "organisation", "territory", "bio", "expertise", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})]
    actions = ["erase_accounts"]

    @admin.action(description=_("Delete the selected accounts, on their holders' request"))
    def erase_accounts(self, request, queryset):
        """The same deletion as "Delete my account": names gone everywhere, contributions kept."""
        permissions.require(request.user, "account.erase")
        people = list(queryset.filter(erased_at__isnull=True).exclude(pk=request.user.pk))
        if request.POST.get("post") != "yes":
            return TemplateResponse(
                request,
                "admin/accounts/erase_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "people": [(person, services.account_erase_blockers(user=person)) for person in people],
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                    "title": _("Delete accounts"),
                },
            )
        erased = 0
        for person in people:
            try:
                services.account_erase(user=person)
            except ValidationError as error:
                self.message_user(request, f"{person}: {' '.join(error.messages)}", messages.ERROR)
            else:
                erased += 1
        if erased:
            self.message_user(request, _("Accounts deleted: %(count)s.") % {"count": erased}, messages.SUCCESS)
        return None


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(BaseAuthenticatorAdmin):
    """Shows who has which second factor, never its secret; deleting one lets a person who lost it set up another."""

    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
