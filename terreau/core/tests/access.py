from django.urls import reverse

from tests.access import everyone

# The health endpoint answers anyone (a probe has no account), with no sign-in redirect.
MATRIX = {
    "health": ("get", lambda place: reverse("health"), everyone(200)),
    "health_live": ("get", lambda place: reverse("health_live"), everyone(200)),
}
