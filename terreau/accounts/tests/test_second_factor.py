"""Platform admins sign in through allauth's limited page, with a second factor they must set up."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.cache import cache
from django.urls import reverse

from conftest import ADMIN_TOTP_SECRET, PASSWORD, totp_code

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # Rate limits and used codes live in the cache.
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email: str, password: str = PASSWORD, next_url: str = ADMIN):
    return client.post(f"{reverse('account_login')}?next={next_url}", {"login": email, "password": password})


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def drop_second_factor(user) -> None:
    Authenticator.objects.filter(user=user).delete()


def test_the_admin_login_form_is_replaced_by_allauths_sign_in(client, cast):
    response = client.get(f"{reverse('admin:login')}?next={ADMIN}")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2F"
    # The admin's own form takes no password any more, even the right one.
    response = client.post(reverse("admin:login"), {"username": cast.admin.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not is_signed_in(client)


def test_wrong_passwords_for_an_admin_lock_the_sign_in_even_for_the_right_one(client, cast):
    for _ in range(40):
        client.post(reverse("admin:login"), {"username": cast.admin.email, "password": "wrong"})
        sign_in(client, cast.admin.email, "wrong")
    response = sign_in(client, cast.admin.email)
    assert response.status_code in {200, 429}  # the form's error, or the page that says to wait
    assert response.status_code == 429 or response.context["form"].errors
    client.post(reverse("admin:login"), {"username": cast.admin.email, "password": PASSWORD})
    assert not is_signed_in(client)
    assert client.get(ADMIN).status_code == 302
    assert client.get(reverse("mfa_authenticate"))["Location"] == reverse("account_login")  # no second step begun


def test_an_admin_without_a_second_factor_is_sent_to_set_one_up_first(client, cast):
    drop_second_factor(cast.admin)
    response = sign_in(client, cast.admin.email)
    assert is_signed_in(client)
    setup = reverse("mfa_activate_totp")
    assert client.get(ADMIN)["Location"] == setup
    # Admin powers reach every community: they wait too, and so does a staff member.
    assert client.get(cast.community.get_absolute_url())["Location"] == setup
    assert client.get(reverse("communities:create"))["Location"] == setup
    htmx = client.get(reverse("communities:list"), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == setup
    # Signing out and the help stay open.
    assert client.get(reverse("help:index")).status_code == 200

    # Adding a second factor asks to confirm the password first (allauth), then shows the secret.
    response = client.get(setup)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == setup
    page = client.get(setup)
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.text and 'src="data:image/svg+xml;base64,' in page.text  # the QR code
    response = client.post(setup, {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert response.status_code == 200 and response.context["form"].errors
    assert client.get(ADMIN).status_code == 302

    response = client.post(setup, {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=cast.admin, type=Authenticator.Type.TOTP).exists()
    assert client.get(ADMIN).status_code == 200


def test_staff_who_may_enter_the_admin_need_a_second_factor_too(client, cast):
    cast.member.is_staff = True
    cast.member.save(update_fields=["is_staff"])
    client.force_login(cast.member)
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")
    client.force_login(cast.core_member)  # a person without admin powers is not asked
    assert client.get(reverse("home")).status_code == 200


def test_an_admin_with_a_second_factor_enters_a_valid_code_to_sign_in(client, cast):
    response = sign_in(client, cast.admin.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client)
    assert client.get(ADMIN).status_code == 302

    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": "12345"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not is_signed_in(client)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(ADMIN_TOTP_SECRET)})
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_code_works_once(client, cast):
    code = totp_code(ADMIN_TOTP_SECRET)
    sign_in(client, cast.admin.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert is_signed_in(client)
    client.logout()
    sign_in(client, cast.admin.email)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200 and not is_signed_in(client)


def test_a_recovery_code_replaces_a_lost_phone(client, cast):
    codes = RecoveryCodes(Authenticator.objects.get(user=cast.admin, type="recovery_codes")).get_unused_codes()
    sign_in(client, cast.admin.email)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response["Location"] == ADMIN and is_signed_in(client)


def test_wrong_codes_lock_the_second_step_even_for_the_right_code(client, cast):
    sign_in(client, cast.admin.email)
    for n in range(5):
        client.post(reverse("mfa_authenticate"), {"code": f"{n:06}"})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(ADMIN_TOTP_SECRET)})
    assert response.status_code == 200 and not is_signed_in(client)


def test_a_one_time_email_code_does_not_skip_the_second_factor(client, cast, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": cast.admin.email})
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client)


def test_the_second_factor_pages_use_terreaus_layout_in_the_persons_language(client, cast):
    sign_in(client, cast.admin.email)
    page = client.get(reverse("mfa_authenticate"))
    assert '<html lang="fr">' in page.text
    assert 'class="skip"' in page.text  # Terreau's layout, not allauth's bare one
    assert "Authentification à deux facteurs" in page.text  # allauth's own French


def test_the_admin_lists_second_factors_without_their_secrets(client, cast):
    client.force_login(cast.admin)
    totp = Authenticator.objects.get(user=cast.admin, type=Authenticator.Type.TOTP)
    page = client.get(reverse("admin:mfa_authenticator_change", args=[totp.pk]))
    assert page.status_code == 200
    assert ADMIN_TOTP_SECRET not in page.text
    assert client.get(reverse("admin:mfa_authenticator_add")).status_code == 403
