import tempfile

from allauth.account.adapter import get_adapter
from allauth.account.views import SignupView as AllauthSignupView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau import permissions
from terreau.core.redirects import safe_next
from terreau.core.text import as_id

from . import consent, services, sessions
from .forms import AccountDeleteForm, ConsentForm, ProfileForm
from .middleware import ConsentRequiredMiddleware


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


@require_http_methods(["GET", "POST"])
def consent_accept(request):
    """The terms of use and the privacy notice to accept: at sign-up, and again when a version changes."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    missing = consent.missing(request.user)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent.accept(user=request.user)
        request.session[ConsentRequiredMiddleware.KEY] = consent.current_versions()
        messages.success(request, _("Thank you: your acceptance is recorded."))
        return redirect(safe_next(request, "/"))
    return render(request, "accounts/consent.html", {"form": form, "missing": missing, "next": safe_next(request, "/")})


@require_GET
def data_download(request):
    """All the person's data as one ZIP, made at once: a member's data is small (see the README)."""
    permissions.require(request.user, "account.manage")
    archive = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    services.account_export_zip(user=request.user, destination=archive)
    archive.seek(0)
    name = f"terreau-{timezone.localdate():%Y-%m-%d}.zip"
    return FileResponse(archive, as_attachment=True, filename=name, content_type="application/zip")


@require_http_methods(["GET", "POST"])
def account_delete(request):
    permissions.require(request.user, "account.manage")
    phrase = _("DELETE")
    blockers = services.account_erase_blockers(user=request.user)
    form = AccountDeleteForm(request.POST or None, phrase=phrase)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            services.account_erase(user=request.user)
        except ValidationError as error:
            blockers = error.messages
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for what you gave."))
            return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form, "blockers": blockers})


@require_GET
def sessions_list(request):
    permissions.require(request.user, "account.manage")
    open_sessions = sessions.open_sessions(request.user, request.session.session_key)
    idle_days = max(1, round(settings.TERREAU_SESSION_IDLE_MINUTES / (24 * 60)))
    return render(request, "accounts/sessions.html", {"sessions": open_sessions, "idle_days": idle_days})


@require_POST
def sessions_end(request):
    permissions.require(request.user, "account.manage")
    which = request.POST.get("session", "")
    pk = as_id(which)
    if pk is None and which != "others":
        return redirect("account_sessions")
    ended = sessions.session_end(user=request.user, pk=pk, current_key=request.session.session_key)
    if ended:
        messages.success(
            request,
            ngettext("%(count)s session ended.", "%(count)s sessions ended.", ended) % {"count": ended},
        )
    return redirect("account_sessions")
