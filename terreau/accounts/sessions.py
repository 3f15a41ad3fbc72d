"""The sessions a person has open: allauth.usersessions' table, read and written cheaply."""

import ipaddress
import re
from dataclasses import dataclass

from allauth.usersessions.models import UserSession
from django.utils import timezone

from .models import User


def session_seen(request, *, user: User, session) -> None:
    """The session was used now: its row moves (one UPDATE), or is written if it has none yet (a
    key changed by a password change, a session opened before this table existed)."""
    from allauth.account.adapter import get_adapter

    updated = UserSession.objects.filter(session_key=session.session_key, user=user).update(
        last_seen_at=timezone.now(), ip=get_adapter(request).get_client_ip(request)
    )
    if not updated:
        UserSession.objects.create_from_request(request, user=user, session=session)


@dataclass
class OpenSession:
    pk: int
    device: str
    place: str
    created_at: object
    last_seen_at: object
    is_current: bool


BROWSERS = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def device(user_agent: str) -> str:
    """ "Firefox on Windows" from a user agent; what is not recognised is said as it is, shortened."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    if browser and system:
        return f"{browser} · {system}"
    return browser or system or re.sub(r"\s+", " ", user_agent)[:60]


def masked(ip: str) -> str:
    """The address with its last part hidden: the network says roughly where, not who."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    if address.version == 4:
        return ".".join(ip.split(".")[:3] + ["…"])
    return str(ipaddress.ip_network(f"{ip}/48", strict=False).network_address).rstrip(":") + ":…"


def open_sessions(user: User, current_key: str | None) -> list[OpenSession]:
    """`user`'s sessions still open, the most recently used first (ended or expired ones are
    purged on the way, through the configured session engine)."""
    rows = sorted(UserSession.objects.purge_and_list(user), key=lambda row: row.last_seen_at, reverse=True)
    return [
        OpenSession(
            pk=row.pk,
            device=device(row.user_agent),
            place=masked(row.ip),
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            is_current=row.session_key == current_key,
        )
        for row in rows
    ]


def session_end(*, user: User, pk: int | None, current_key: str | None) -> int:
    """End one of `user`'s other sessions (`pk`), or all of them but the current one (`pk` None):
    deleted through the configured session engine, so they are signed out at once. Answers how many."""
    rows = UserSession.objects.filter(user=user).exclude(session_key=current_key or "")
    if pk is not None:
        rows = rows.filter(pk=pk)
    ended = 0
    for row in rows:
        row.end()
        ended += 1
    return ended


def sessions_end_all(user: User) -> None:
    for row in UserSession.objects.filter(user=user):
        row.end()
