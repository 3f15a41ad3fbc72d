"""The person's own account (see core.personal_data); accounts.services.account_erase anonymises it."""

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession

from terreau.core import personal_data

from .models import Consent


def exporter(user) -> personal_data.Export:
    fields = ["email", "display_name", "organisation", "territory", "bio", "expertise", "language", "date_joined"]
    return personal_data.Export(
        {
            "profile": {field: getattr(user, field) for field in fields} | {"last_login": user.last_login},
            "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
            "consents": list(Consent.objects.filter(user=user).values("document", "version", "accepted_at")),
            "sessions": list(
                UserSession.objects.filter(user=user).values("ip", "user_agent", "created_at", "last_seen_at")
            ),
        }
    )
