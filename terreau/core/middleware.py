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
    """Under DEBUG, a view's 404 shows Terreau's own page, as in production, not Django's technical
    one: under `make run` a person refused a private community saw every URL of the site, in
    English. TERREAU_TECHNICAL_404=1 gives the technical page back to a developer who wants it.
    An address that matches no URL still gets it (Django answers before any view runs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and settings.DEBUG and not settings.TERREAU_TECHNICAL_404:
            return get_resolver().resolve_error_handler(404)(request, exception)
        return None
