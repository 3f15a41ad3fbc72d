"""Shared vocabulary of the access matrix; each app adds its entries in `<app>/tests/access.py`.

An app's module may define:

- `MATRIX = {url name: (method, path(place), answers)}`, or `(method, path(place), answers,
  answers in the public community)` when the public community answers otherwise (a dict that
  overrides some people's answers). A place is one community of the world: `place.slug`,
  `place.cast` (the people, and the community), and the objects `prepare` stored on it.
- `prepare(place)`, which creates the objects its URLs name (stored as attributes of `place`);
  it runs once for the private community and once for the public one.
- `KINDS = {kind: Kind(...)}`: the things with a `visibility` it holds, planted in every
  community once per visibility, each with a marker (a word of its own) in its texts.
- `OBJECT_ROUTES = {url name: Route(...)}`: the URLs that show or change one such thing. Each is
  visited for a thing of each visibility in both communities, and for one that does not exist.

Every page any person loads in the matrix is read through, attached files and archives
included, for the markers of the things that person may not see: none may show.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from terreau.core.models import Visibility

PEOPLE = [
    "anonymous",
    "outsider",
    "observer",
    "member",
    "author",  # a member whose things these are: the author of the items, questions and help
    # posts, the writer of the interviews and handovers, the owner of the actions
    "facilitator",  # holds the facilitation role (exchanges.facilitate)
    "content_manager",  # holds the content management role (knowledge.manage)
    "core_member",
    "admin",  # a platform admin who holds no membership
]
MEMBERS = ["observer", "member", "author", "facilitator", "content_manager"]
LOGIN = "login"  # a redirect to the sign-in page
PLACES = ["private", "public"]  # the listing of the world's two communities

# Who sees a thing of each visibility (terreau/permissions.py, VISIBLE_AT), written out here so
# that a change of the rule shows in this table and not only in the code under test.
SEES = {
    Visibility.PUBLIC: set(PEOPLE),
    Visibility.MEMBERS: {*MEMBERS, "core_member", "admin"},
    Visibility.CORE_TEAM: {"core_member", "admin"},
}
VISIBILITIES = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.CORE_TEAM]


def everyone(code):
    return dict.fromkeys(PEOPLE, code)


def signed_in(code):
    return {**everyone(code), "anonymous": LOGIN}


def members_only(code):
    return {**signed_in(code), "outsider": 404}


def core_team_only(code):
    return {**members_only(403), "core_member": code, "admin": code}


def content_managers(code):
    """The content management role, the core team and the platform admin (knowledge.manage)."""
    return {**core_team_only(code), "content_manager": code}


def facilitators(code):
    """The facilitation role, the core team and the platform admin (exchanges.facilitate)."""
    return {**core_team_only(code), "facilitator": code}


def admin_only(code):
    return {**signed_in(403), "admin": code}


def member_action(code):
    """Only people holding a membership (the admin of the cast does not)."""
    return {**members_only(code), "admin": 403}


def allauth(anonymous, signed):
    return {**everyone(signed), "anonymous": anonymous}


def url(name, *args):
    """A path builder: `url("charter:detail", lambda p: p.version.pk)` → reverse with the community's slug."""
    return lambda place: reverse(name, args=[place.slug, *[arg(place) for arg in args]])


# The visibility axis -------------------------------------------------------------------------

# What a person who may not see a thing gets, the same as for a thing that does not exist: the
# visitor is sent to sign in, anyone else is told it is not there.
MISSING = {**everyone(404), "anonymous": LOGIN}
DRAFT = "draft"  # a variant of the knowledge items: a members' item not yet published


def seen_by(visibility):
    return set(SEES[visibility])


@dataclass
class Kind:
    """A kind of thing with a visibility.

    `plant(place, variant, marker)` creates one in `place` (a variant is a visibility, or another
    state the kind declares in `variants`) with `marker` in its texts, and returns it.
    A `singleton` exists once per community: it is planted once, and each case sets its
    visibility. `seen(listing, variant)` says who sees it, when not everyone its visibility
    allows.
    """

    plant: Callable
    variants: list = field(default_factory=lambda: list(VISIBILITIES))
    singleton: bool = False
    seen: Callable | None = None

    def seen_by(self, listing: str, variant: str) -> set[str]:
        return set(self.seen(listing, variant)) if self.seen else seen_by(variant)


@dataclass
class Route:
    """A URL that names one thing of `kind`: `path(place, thing)`, and `data(place, thing)` to post.

    `seen` are the answers when the person may see the thing (a dict, or a function of the
    community's listing); `hidden` when they may not; `missing` when it does not exist (the
    same as hidden unless said otherwise: a hidden thing does not reveal that it exists).
    """

    method: str
    kind: str
    path: Callable
    seen: dict | Callable
    hidden: dict = field(default_factory=lambda: dict(MISSING))
    missing: dict | None = None
    data: Callable | None = None

    def answers(self, listing: str) -> dict:
        return self.seen(listing) if callable(self.seen) else self.seen


def thing_url(name, *args):
    """A path builder for a thing: `thing_url("knowledge:item", pk)` with `pk = lambda p, thing: thing.pk`."""
    return lambda place, thing: reverse(name, args=[place.slug, *[arg(place, thing) for arg in args]])


def pk(place, thing):
    return thing.pk


def marker(kind: str, listing: str, variant: str = "") -> str:
    """A word found nowhere else: `Mk` + kind + community + variant + `Zq` (none contains another)."""
    words = "".join(part.title() for part in f"{kind}_{listing}_{variant}".replace("-", "_").split("_"))
    return f"Mk{words}Zq"
