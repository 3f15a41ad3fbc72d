"""Access-matrix entries of a person's own account: their data, their sessions, its deletion."""

from django.urls import reverse

from tests.access import LOGIN, allauth, everyone, signed_in

MATRIX = {
    "account_data_download": ("get", lambda p: reverse("account_data_download"), signed_in(200)),
    "account_delete": ("get", lambda p: reverse("account_delete"), signed_in(200)),
    "account_sessions": ("get", lambda p: reverse("account_sessions"), signed_in(200)),
    "account_sessions_end": ("post", lambda p: reverse("account_sessions_end"), signed_in(302)),
    # allauth's own list of sessions (Terreau's is account_sessions).
    "usersessions_list": ("get", lambda p: reverse("usersessions_list"), allauth(LOGIN, 200)),
    # Open to whoever is signed in; a visitor is sent to sign in.
    "account_consent": ("get", lambda p: reverse("account_consent"), {**everyone(200), "anonymous": LOGIN}),
}
