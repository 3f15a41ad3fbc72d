from django.urls import reverse

from tests.access import everyone, url

MATRIX = {
    "home": ("get", lambda w: reverse("home"), everyone(200)),
    "overview:community": ("get", url("overview:community"), everyone(200)),
}
