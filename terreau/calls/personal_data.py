"""Applications to calls carry what the applicant typed (see core.personal_data)."""

from terreau.core import personal_data

from .models import Application


def _applications(user):
    return Application.objects.filter(email__iexact=user.email)


def exporter(user) -> personal_data.Export:
    return personal_data.Export({"applications": personal_data.dump(_applications(user))})


def eraser(user, neutral_name: str) -> None:
    # The decision stays for the core team's counts; who the applicant was and what they wrote of
    # themselves goes.
    _applications(user).update(
        name=neutral_name,
        email=personal_data.ERASED_EMAIL % {"pk": user.pk},
        organisation="",
        motivation="",
        other_themes="",
        answers=[],
    )
