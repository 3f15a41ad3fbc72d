from django.contrib import admin

from .models import Community, Invitation, JoinRequest, Membership, Role, RoleAssignment, Theme


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = ["kind", "name", "hours_per_month", "visibility", "position", "retired_at"]


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["name"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "phase", "listing", "created_at"]
    list_filter = ["phase", "listing"]
    search_fields = ["name", "slug", "purpose", "themes__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ThemeInline, RoleInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "category", "engagement", "is_core_team", "status", "joined_at"]
    list_filter = ["community", "status", "is_core_team", "category", "engagement"]
    search_fields = ["user__display_name", "user__email", "user__organisation", "community__name"]
    list_select_related = ["user", "community"]
    autocomplete_fields = ["user", "sponsor"]
    raw_id_fields = ["community"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "community", "category", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["community"]
    search_fields = ["email", "community__name"]
    list_select_related = ["community"]
    readonly_fields = ["token"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "status", "created_at", "decided_at"]
    list_filter = ["status", "community"]
    search_fields = ["user__display_name", "user__email", "community__name"]
    list_select_related = ["user", "community"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["role", "membership", "assigned_at"]
    list_filter = ["role__community", "role__kind"]
    search_fields = ["membership__user__display_name", "role__name"]
    list_select_related = ["role__community", "membership__user"]
