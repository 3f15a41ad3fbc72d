from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from terreau.accounts import views as account_views
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
    path("c/<slug:slug>/", include("terreau.audit.urls")),
    path("", include("terreau.exchanges.urls_global")),
    path("calendar/", include("terreau.events.urls_global")),
    path("help/", include("terreau.help.urls")),
    path("profile/", account_views.profile, name="profile"),
    path("language/", account_views.language_set, name="language_set"),
    # allauth's sign-up, with the name and organisation an invitation already knows filled in.
    path("accounts/signup/", account_views.signup, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
