from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import get_resolver

from .exceptions import SignInRequired


class SignInRequiredMiddleware:
    """Turns the permission module's SignInRequired into a redirect to the sign-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SignInRequired):
            return redirect_to_login(request.get_full_path())
        return None


class FriendlyNotFoundMiddleware:
    """Under DEBUG, a 404 shows Terreau's own page, as in production, not Django's technical one:
    under `make run` a person refused a private community saw every URL of the site, in English.
    TERREAU_TECHNICAL_404=1 gives the technical page back to a developer who wants it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No view ran: the address matched no URL, and Django answered before any middleware could.
        if response.status_code == 404 and request.resolver_match is None and self._friendly():
            return self._page(request, Http404())
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and self._friendly():
            return self._page(request, exception)
        return None

    @staticmethod
    def _friendly() -> bool:
        return settings.DEBUG and not settings.TERREAU_TECHNICAL_404

    @staticmethod
    def _page(request, exception):
        return get_resolver().resolve_error_handler(404)(request, exception)
