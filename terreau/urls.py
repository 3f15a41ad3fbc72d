from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from terreau.accounts import views as account_views
from terreau.core import health
from terreau.overview import views as overview_views

# The admin signs in through allauth's page: its rate limits, then the second factor
# (accounts.middleware.SecondFactorRequiredMiddleware); the admin's own form is never used.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", overview_views.home, name="home"),
    path("", include("terreau.overview.urls")),
    path("", include("terreau.communities.urls")),
    path("c/<slug:slug>/", include("terreau.lifecycle.urls")),
    path("c/<slug:slug>/", include("terreau.definition.urls")),
    path("c/<slug:slug>/", include("terreau.charter.urls")),
    path("c/<slug:slug>/", include("terreau.calls.urls")),
    path("c/<slug:slug>/", include("terreau.launch.urls")),
    path("c/<slug:slug>/", include("terreau.knowledge.urls")),
    path("c/<slug:slug>/", include("terreau.exchanges.urls")),
    path("c/<slug:slug>/", include("terreau.events.urls")),
    path("c/<slug:slug>/", include("terreau.circles.urls")),
    path("c/<slug:slug>/", include("terreau.comments.urls")),
    path("c/<slug:slug>/", include("terreau.decisions.urls")),
    path("c/<slug:slug>/", include("terreau.elections.urls")),
    path("c/<slug:slug>/", include("terreau.surveys.urls")),
    path("c/<slug:slug>/", include("terreau.stats.urls")),
    path("c/<slug:slug>/", include("terreau.ideas.urls")),
    path("c/<slug:slug>/", include("terreau.evaluations.urls")),
    path("c/<slug:slug>/", include("terreau.retrospectives.urls")),
    path("", include("terreau.archive.urls_global")),  # c/<slug>/ and archives/, see there
    path("c/<slug:slug>/", include("terreau.closing.urls")),
    path("c/<slug:slug>/", include("terreau.audit.urls")),
    path("", include("terreau.exchanges.urls_global")),
    path("calendar/", include("terreau.events.urls_global")),
    path("help/", include("terreau.help.urls")),
    path("profile/", account_views.profile, name="profile"),
    path("profile/data.zip", account_views.data_download, name="account_data_download"),
    path("profile/delete/", account_views.account_delete, name="account_delete"),
    path("profile/sessions/", account_views.sessions_list, name="account_sessions"),
    path("profile/sessions/end/", account_views.sessions_end, name="account_sessions_end"),
    path("consent/", account_views.consent_accept, name="account_consent"),
    path("language/", account_views.language_set, name="language_set"),
    # allauth's sign-up, with the name and organisation an invitation already knows filled in.
    path("accounts/signup/", account_views.signup, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # Answered by core.health.HealthCheckMiddleware before any other middleware; named here too.
    path("health/", health.health, name="health"),
    path("health/live/", health.live, name="health_live"),
]

# A refusal on a community's address keeps the community's navigation.
handler403 = "terreau.communities.views.permission_denied"
