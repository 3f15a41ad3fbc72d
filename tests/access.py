"""Shared vocabulary of the access matrix; each app adds its entries in `<app>/tests/access.py`.

An app's module defines `MATRIX = {url name: (method, path(world), expected answers)}` and may
define `prepare(world)` to create the objects its URLs name (stored as attributes of `world`).
"""

from django.urls import reverse

PEOPLE = ["anonymous", "outsider", "observer", "member", "facilitator", "core_member", "admin"]
LOGIN = "login"  # a redirect to the sign-in page


def everyone(code):
    return dict.fromkeys(PEOPLE, code)


def signed_in(code):
    return {**everyone(code), "anonymous": LOGIN}


def members_only(code):
    return {**signed_in(code), "outsider": 404}


def core_team_only(code):
    return {**members_only(403), "core_member": code, "admin": code}


def admin_only(code):
    return {**signed_in(403), "admin": code}


def member_action(code):
    """Only people holding a membership (the admin of the cast does not)."""
    return {**members_only(code), "admin": 403}


def allauth(anonymous, signed):
    return {**everyone(signed), "anonymous": anonymous}


def url(name, *args):
    """A path builder: `url("charter:detail", lambda w: w.version.pk)` → reverse with the community's slug."""
    return lambda w: reverse(name, args=[w.slug, *[arg(w) for arg in args]])
