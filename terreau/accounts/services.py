"""Writes on people's accounts."""

import json
import zipfile

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from terreau.core import personal_data

from . import sessions
from .models import NEUTRAL_NAME, User


@transaction.atomic
def second_factor_activate(*, user: User, secret: str) -> list[str]:
    """Give the person an authenticator app with this secret, and recovery codes, which it returns.

    For the demo and the tests: a person sets up their own through allauth's pages.
    """
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)
    return RecoveryCodes.activate(user).get_unused_codes()


def account_export(*, user: User) -> dict[str, personal_data.Export]:
    """Everything Terreau holds of `user`, app by app (core.personal_data's registry)."""
    return personal_data.export(user)


def account_export_zip(*, user: User, destination) -> None:
    """Write `user`'s data as a ZIP into the binary file `destination`: one JSON file per app,
    the files they uploaded beside, and a short README."""
    exports = account_export(user=user)
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _export_readme(user))
        for app, export in exports.items():
            archive.writestr(
                f"{app}.json", json.dumps(export.data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
            )
            for name, file in export.files:
                try:
                    with file.open("rb") as source:
                        archive.writestr(f"files/{name}", source.read())
                except (FileNotFoundError, ValueError):
                    continue  # a file gone from the storage: the JSON still names it


def _export_readme(user: User) -> str:
    with translation.override(user.language):
        return "\n".join(
            [
                str(_("Your data in Terreau, as of %(date)s.") % {"date": timezone.now().strftime("%Y-%m-%d %H:%M")}),
                str(_("One JSON file per part of Terreau; the files you uploaded are in files/.")),
                "",
            ]
        )


def account_erase_blockers(*, user: User) -> list[str]:
    """Why `user`'s account cannot be deleted now (they hold what a community cannot lose)."""
    return personal_data.blockers(user)


@transaction.atomic
def account_erase(*, user: User) -> User:
    """Delete `user`'s account: they can no longer sign in, their name disappears everywhere it was
    stored, and what they gave stays, signed by the neutral name (User.__str__, NEUTRAL_NAME).

    The caller has checked who may (the person themselves, or a platform admin: the views ask
    the permission policy). Refused with ValidationError while a blocker holds."""
    if user.erased_at is not None:
        return user
    reasons = account_erase_blockers(user=user)
    if reasons:
        raise ValidationError(reasons)
    user = User.objects.select_for_update().get(pk=user.pk)
    with translation.override(settings.LANGUAGE_CODE):
        neutral_name = str(NEUTRAL_NAME)
    personal_data.erase(user, neutral_name)
    # The account itself, last: the erasers read the name and address it had.
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    sessions.sessions_end_all(user)
    user.email = personal_data.ERASED_EMAIL % {"pk": user.pk}
    user.display_name = neutral_name
    user.organisation = user.territory = user.bio = user.expertise = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.erased_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return user
