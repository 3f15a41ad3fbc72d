"""Writes on people's accounts."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from .models import User


@transaction.atomic
def second_factor_activate(*, user: User, secret: str) -> list[str]:
    """Give the person an authenticator app with this secret, and recovery codes, which it returns.

    For the demo and the tests: a person sets up their own through allauth's pages.
    """
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)
    return RecoveryCodes.activate(user).get_unused_codes()
