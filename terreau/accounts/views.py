from allauth.account.adapter import get_adapter
from allauth.account.views import SignupView as AllauthSignupView
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from terreau import permissions
from terreau.core.redirects import safe_next

from .forms import ProfileForm


@require_http_methods(["GET", "POST"])
def profile(request):
    permissions.require(request.user, "profile.edit")
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Your profile is saved."))
        response = redirect("profile")
        _language_cookie_set(response, user.language)
        return response
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def language_set(request):
    """Switch the interface language; a signed-in person keeps it in their profile."""
    language = request.POST.get("language", "")
    response = redirect(safe_next(request, "/"))
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        _language_cookie_set(response, language)
    return response


def _language_cookie_set(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class SignupView(AllauthSignupView):
    """allauth's sign-up, with what the site already knows of the person filled in (the adapter says what)."""

    def get_initial(self) -> dict:
        return {**super().get_initial(), **get_adapter(self.request).signup_initial(self.request)}


signup = SignupView.as_view()
