"""Where to send a person back after a form: the `next` they carry, if it stays on this site."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The request's `next` when it leads back to this site (in HTTPS if the request was), else `fallback`.

    A plain "starts with /" test is not enough: browsers read `/\\evil.example` and
    `//evil.example` as another host. A path is required too: `redirect()` would read a bare word
    such as "NaN" as the name of a URL pattern and fail with NoReverseMatch.
    """
    source = request.POST if request.method == "POST" else request.GET
    target = source.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
