"""Answers shared by every app's views."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request, fallback: str) -> HttpResponseRedirect:
    """Back to the page named by the form's `next` when it is a path of this site, else to `fallback`.

    Never through `redirect()`: it would read a bare word such as "NaN" as the name of a URL
    pattern and fail with NoReverseMatch.
    """
    target = request.POST.get("next", "")
    safe = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(target if safe else fallback)
