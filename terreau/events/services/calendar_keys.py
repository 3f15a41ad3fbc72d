"""A person's calendar key: the secret their feed URLs carry."""

import secrets

from django.db import IntegrityError, transaction

from ..models import CalendarKey


def _new_key() -> str:
    return secrets.token_urlsafe(32)  # 43 characters, 256 bits


def calendar_key_get_or_create(*, user) -> CalendarKey:
    """The person's key, made on their first visit of "My calendars"."""
    try:
        return CalendarKey.objects.get(user=user)
    except CalendarKey.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            return CalendarKey.objects.create(user=user, key=_new_key())
    except IntegrityError:  # two first visits at once: the other one made it
        return CalendarKey.objects.get(user=user)


@transaction.atomic
def calendar_key_renew(*, user) -> CalendarKey:
    """A new key: every URL made with the old one stops answering (404)."""
    key = CalendarKey.objects.select_for_update().filter(user=user).first()
    if key is None:
        return CalendarKey.objects.create(user=user, key=_new_key())
    key.key = _new_key()
    key.save(update_fields=["key"])
    return key


def user_for_key(key: str):
    """The active person whose key this is, or None (a renewed, unknown or ill-formed key)."""
    if not key or len(key) > 64:
        return None
    found = CalendarKey.objects.filter(key=key, user__is_active=True).select_related("user").first()
    return found.user if found else None
