"""Which versions of the terms of use and of the privacy notice are current, and who accepted them."""

from django.conf import settings
from django.db import transaction

from .models import Consent, User


def current() -> dict[str, str]:
    return {
        Consent.Document.TERMS: settings.TERREAU_TERMS_VERSION,
        Consent.Document.PRIVACY: settings.TERREAU_PRIVACY_VERSION,
    }


def current_versions() -> str:
    """Both versions in one string, remembered in the session once accepted."""
    versions = current()
    return f"{versions[Consent.Document.TERMS]}|{versions[Consent.Document.PRIVACY]}"


def missing(user: User) -> list[str]:
    """The documents whose current version `user` has not accepted."""
    accepted = set(
        Consent.objects.filter(user=user, version__in=set(current().values())).values_list("document", "version")
    )
    return [document for document, version in current().items() if (document, version) not in accepted]


@transaction.atomic
def accept(*, user: User) -> None:
    """`user` accepts the current terms and privacy notice (recorded once per version, with its date)."""
    for document, version in current().items():
        Consent.objects.get_or_create(user=user, document=document, version=version)
