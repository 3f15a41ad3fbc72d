from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect


class UserLanguageMiddleware:
    """French first: the profile's language, else the language chosen with the switch, else French.

    The browser's Accept-Language is deliberately ignored: shared and borrowed computers in
    rural offices often say English while their users read French.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self.language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response

    @staticmethod
    def language_for(request) -> str:
        available = dict(settings.LANGUAGES)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in available:
            return user.language
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        return chosen if chosen in available else settings.LANGUAGE_CODE


class SecondFactorRequiredMiddleware:
    """A platform admin without an authenticator app sets one up before anything else.

    Admin powers reach every community, not only /admin/, so the whole site waits; only the
    pages needed to set it up (or to sign out, switch language, read the help) stay open.
    """

    OPEN_PAGES = {
        "account_logout",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "account_email",
        "account_confirm_email",
        "account_email_verification_sent",
        "language_set",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.needs_second_factor:
            return None
        match = request.resolver_match
        name = (match.url_name or "") if match else ""
        if name.startswith("mfa_") or name in self.OPEN_PAGES or (match and match.namespace == "help"):
            return None
        if is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            return None
        messages.info(
            request,
            _("As a platform admin, you sign in with a second factor. Set up an authenticator app to continue."),
        )
        url = reverse("mfa_activate_totp")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)
