import time
from urllib.parse import urlencode

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

from . import consent, sessions


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


class SessionActivityMiddleware:
    """Keeps a signed-in session alive while it is used, and its row of the sessions page current.

    The session ends after TERREAU_SESSION_IDLE_MINUTES without a visit (SESSION_COOKIE_AGE):
    its expiry moves forward when the session is saved. Saving it on every request
    (SESSION_SAVE_EVERY_REQUEST) would cost a write per page; here the session is marked changed,
    and its row in allauth.usersessions' table updated, at most every
    TERREAU_SESSION_TOUCH_SECONDS. Works with any session engine: only the session's own API is used.
    """

    SEEN = "_terreau_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and user.is_authenticated and session is not None and session.session_key:
            now = int(time.time())
            if now - session.get(self.SEEN, 0) >= settings.TERREAU_SESSION_TOUCH_SECONDS:
                session[self.SEEN] = now  # saved by SessionMiddleware, its expiry moved forward
                sessions.session_seen(request, user=user, session=session)
        return response


class ConsentRequiredMiddleware:
    """A signed-in person who has not accepted the current terms and privacy notice is asked to,
    before anything else (a version raised in the settings asks everyone again). The answer is
    remembered in the session, so a page costs no query once accepted."""

    OPEN_PAGES = {"account_consent", "language_set", "account_logout"}
    KEY = "_terreau_consent"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not settings.TERREAU_CONSENT_REQUIRED or user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        name = (match.url_name or "") if match else ""
        if name in self.OPEN_PAGES or (match and match.namespace == "help") or request.path.startswith("/accounts/"):
            return None
        versions = consent.current_versions()
        if request.session.get(self.KEY) == versions:
            return None
        if consent.missing(user):
            url = f"{reverse('account_consent')}?{urlencode({'next': request.get_full_path()})}"
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(url)
            return redirect(url)
        request.session[self.KEY] = versions
        return None


def session_started(sender, request, user, **kwargs) -> None:
    """At sign-in the session counts as just seen: the row of the sessions page is written by
    allauth's own sign-in (allauth.usersessions), so the next pages need no write of their own."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SessionActivityMiddleware.SEEN] = int(time.time())
