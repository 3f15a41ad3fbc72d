"""Every URL pattern, visited by every kind of person, answers what it should, and shows nothing
that person may not see.

A new URL pattern without an entry here fails `test_every_url_pattern_has_an_entry`.
A person outside a community gets 404 for anything members-only (nothing private reveals that
it exists); a visitor is sent to sign in; a member gets 403 for what only the core team may do.
A thing a person may not see answers them as if it did not exist (`test_visibility`).

The world (two communities, one private and one public, with the same people in the same
places, and things of every visibility in each) is built once per module, in a transaction
rolled back at the end; each case runs in a savepoint of it, and each request in a savepoint of
the case, so that nothing a request writes reaches the next one.
"""

import functools
import importlib
import io
import zipfile
from http.cookies import SimpleCookie
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import Cast, build_cast, make_member, make_user
from terreau.communities import services
from terreau.communities.models import Community, JoinRequest, Membership, Role, RoleAssignment, RoleKind
from tests.access import (
    LOGIN,
    PEOPLE,
    PLACES,
    VISIBILITIES,
    admin_only,
    allauth,
    core_team_only,
    everyone,
    marker,
    member_action,
    members_only,
    signed_in,
)

# Each person's place in both communities (the private one of `build_cast` has the first four).
ENGAGEMENTS = {
    "core_member": Membership.Engagement.DRIVER,
    "facilitator": Membership.Engagement.DRIVER,
    "member": Membership.Engagement.CARRIER,
    "observer": Membership.Engagement.OBSERVER,
    "author": Membership.Engagement.CARRIER,
    "content_manager": Membership.Engagement.RESOURCE,
}
ROLES = {"facilitator": RoleKind.FACILITATION, "content_manager": RoleKind.CONTENT}


def _app_modules():
    """Each Terreau app's `tests/access.py`, when it has one."""
    modules = []
    for app in apps.get_app_configs():
        if app.name.startswith("terreau."):
            try:
                modules.append(importlib.import_module(f"{app.name}.tests.access"))
            except ModuleNotFoundError as error:
                if not f"{app.name}.tests.access".startswith(error.name or "-"):
                    raise  # an import inside the module failed: that is a real error
    return modules


APP_MODULES = _app_modules()
KINDS = {name: kind for module in APP_MODULES for name, kind in getattr(module, "KINDS", {}).items()}
OBJECT_ROUTES = {name: route for module in APP_MODULES for name, route in getattr(module, "OBJECT_ROUTES", {}).items()}


class Place:
    """One community of the world: `slug`, `cast` (its people), and the objects named by the URLs."""

    def __init__(self, world, community: Community, people: dict, listing: str):
        self.world = world
        self.listing = listing
        self.cast = Cast(community, **people)
        self.slug = community.slug
        self.things = {}  # kind -> variant -> thing (a singleton: kind -> thing)

    def reveal(self, marker: str, people):
        """`marker` is in a text only `people` may see."""
        self.world.markers[marker] = set(people)
        self.world.markers_of[self.listing].append(marker)


class World:
    """The same people in a private and a public community, each holding one of every object a
    URL can name, and things of every visibility with a marker in their texts."""

    def __init__(self):
        cast = build_cast()
        people = {person: getattr(cast, person, None) for person in PEOPLE if person != "anonymous"}
        people["author"] = make_user(
            "autrice@circuits-courts.test", "Léa Autrice", organisation="GAL Pays des Condruses"
        )
        people["content_manager"] = make_user("contenus@circuits-courts.test", "Paul Contenus", territory="Ciney")
        self.people = people
        public = services.community_create(
            actor=cast.admin,
            name="Mobilité rurale",
            slug="mobilite-rurale",
            purpose="Partager les solutions de mobilité.",
            themes="covoiturage, transport à la demande",
            listing=Community.Listing.PUBLIC,
        )
        # Who may see which marker (marker -> people); a case may change a singleton's.
        self.markers: dict[str, set[str]] = {}
        self.markers_of = {listing: [] for listing in PLACES}
        self.places = {
            "private": Place(self, cast.community, people, "private"),
            "public": Place(self, public, people, "public"),
        }
        for place in self.places.values():
            self._enrol(place)
        for place in self.places.values():
            self._prepare(place)
        for place in self.places.values():
            for module in APP_MODULES:
                if hasattr(module, "prepare"):
                    before = dict(vars(place))
                    module.prepare(place)
                    # Two apps storing their objects under one name would test each other's URLs
                    # with the wrong ids (which the ids' coincidence on SQLite can hide).
                    clobbered = [name for name, value in before.items() if vars(place).get(name) is not value]
                    assert not clobbered, f"{module.__name__}.prepare replaced {clobbered}: name them for the app"
        for name, kind in KINDS.items():
            for place in self.places.values():
                self._plant(place, name, kind)
        # Each person signed in once for the whole module: a request starts from their session.
        self.sessions = {}
        for person, user in people.items():
            client = Client()
            client.force_login(user)
            self.sessions[person] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def _enrol(self, place: Place):
        community = place.cast.community
        for person, engagement in ENGAGEMENTS.items():
            user = self.people[person]
            membership = Membership.objects.filter(community=community, user=user).first() or make_member(
                community, user, engagement=engagement, is_core_team=person == "core_member"
            )
            if person in ROLES:
                role = Role.objects.get(community=community, kind=ROLES[person])
                RoleAssignment.objects.get_or_create(role=role, membership=membership)

    def _prepare(self, place: Place):
        cast, community = place.cast, place.cast.community
        place.observer_membership = cast.membership(cast.observer)
        place.author_membership = cast.membership(cast.author)
        place.role = Role.objects.get(community=community, kind=RoleKind.LOGISTICS)
        services.role_assign(actor=cast.core_member, role=place.role, membership=place.observer_membership)
        place.invitation = services.invitation_create(
            actor=cast.core_member, community=community, email=f"invitee@{place.slug}.test"
        )
        # A request waiting for the core team (a public community could be private when it came).
        place.join_request = JoinRequest.objects.create(
            community=community, user=make_user(f"applicant@{place.slug}.test", "Applicant")
        )

    def _plant(self, place: Place, name: str, kind):
        if kind.singleton:
            # One per community: the private one kept by the core team, the public one by its members.
            visibility = "core_team" if place.listing == "private" else "members"
            found = marker(name, place.listing)
            place.things[name] = kind.plant(place, visibility, found)
            place.reveal(found, kind.seen_by(place.listing, visibility))
            return
        place.things[name] = {}
        for variant in kind.variants:
            found = marker(name, place.listing, variant)
            place.things[name][variant] = kind.plant(place, variant, found)
            place.reveal(found, kind.seen_by(place.listing, variant))

    def not_for(self, person: str, markers: dict | None = None) -> list[str]:
        """The markers this person must not find, lowercased (file names are slugs)."""
        return sorted(found.lower() for found, people in (markers or self.markers).items() if person not in people)


def c(name, *args):
    return lambda p: reverse(f"communities:{name}", args=[p.slug, *[a(p) for a in args]])


member_id = lambda p: p.observer_membership.pk  # noqa: E731
role_id = lambda p: p.role.pk  # noqa: E731

# url name -> (method, path, expected answer per person[, answers that differ in the public community])
MATRIX = {
    "communities:list": ("get", lambda p: reverse("communities:list"), everyone(200)),
    "communities:create": ("get", lambda p: reverse("communities:create"), admin_only(200)),
    # The short address suggested from the name, for the creation form (htmx).
    "communities:slug_suggest": (
        "get",
        lambda p: reverse("communities:slug_suggest") + "?name=Mobilit%C3%A9",
        admin_only(200),
    ),
    "communities:invitation": ("get", lambda p: p.invitation.get_absolute_url(), everyone(200)),
    "communities:edit": ("get", c("edit"), core_team_only(200)),
    "communities:join": ("post", c("join"), {**signed_in(403), "outsider": 302, "admin": 302}),
    "communities:my_membership": ("get", c("my_membership"), member_action(200)),
    "communities:leave": ("post", c("leave"), member_action(302)),
    "communities:members": ("get", c("members"), members_only(200)),
    "communities:member_search": ("get", c("member_search"), members_only(200)),
    "communities:member": ("get", c("member", member_id), members_only(200)),
    # The author's page: the kudos they were given, the roles they hold, each as the reader may see it.
    "communities:member (author)": ("get", c("member", lambda p: p.author_membership.pk), members_only(200)),
    "communities:member_core_team": ("post", c("member_core_team", member_id), core_team_only(302)),
    "communities:member_remove": ("post", c("member_remove", member_id), core_team_only(302)),
    "communities:invitations": ("get", c("invitations"), core_team_only(200)),
    "communities:invitation_revoke": (
        "post",
        c("invitation_revoke", lambda p: p.invitation.pk),
        core_team_only(302),
    ),
    "communities:join_requests": ("get", c("join_requests"), core_team_only(200)),
    "communities:join_request_decide": (
        "post",
        c("join_request_decide", lambda p: p.join_request.pk),
        core_team_only(302),
    ),
    "communities:roles": ("get", c("roles"), members_only(200)),
    "communities:who_does_what_csv": ("get", c("who_does_what_csv"), members_only(200)),
    "communities:role": ("get", c("role", role_id), members_only(200)),
    "communities:role_create": ("get", c("role_create"), core_team_only(200)),
    "communities:role_edit": ("get", c("role_edit", role_id), core_team_only(200)),
    "communities:role_retire": ("post", c("role_retire", role_id), core_team_only(302)),
    "communities:role_assign": ("post", c("role_assign"), core_team_only(302)),
    "communities:role_unassign": ("post", c("role_unassign", role_id, member_id), core_team_only(302)),
    "help:index": ("get", lambda p: reverse("help:index"), everyone(200)),
    "help:page": ("get", lambda p: reverse("help:page", args=["core-team"]), everyone(200)),
    "profile": ("get", lambda p: reverse("profile"), signed_in(200)),
    "language_set": ("post", lambda p: reverse("language_set"), everyone(302)),
    # django-allauth: signed-in people are sent away from the entrance pages; sign-up is
    # closed without an invitation (a page that says so).
    "account_login": ("get", lambda p: reverse("account_login"), allauth(200, 302)),
    "account_logout": ("get", lambda p: reverse("account_logout"), allauth(302, 200)),
    "account_inactive": ("get", lambda p: reverse("account_inactive"), everyone(200)),
    "account_signup": ("get", lambda p: reverse("account_signup"), allauth(200, 302)),
    "account_reauthenticate": ("get", lambda p: reverse("account_reauthenticate"), allauth(LOGIN, 200)),
    "account_request_reauthentication_code": (
        "get",
        lambda p: reverse("account_request_reauthentication_code"),
        allauth(LOGIN, 200),
    ),
    "account_confirm_reauthentication_code": (
        "get",
        lambda p: reverse("account_confirm_reauthentication_code"),
        allauth(LOGIN, 302),
    ),
    "account_email": ("get", lambda p: reverse("account_email"), allauth(LOGIN, 200)),
    "account_email_verification_sent": (
        "get",
        lambda p: reverse("account_email_verification_sent"),
        everyone(200),
    ),
    "account_change_password": ("get", lambda p: reverse("account_change_password"), allauth(LOGIN, 200)),
    "account_set_password": ("get", lambda p: reverse("account_set_password"), allauth(LOGIN, 302)),
    "account_reset_password": ("get", lambda p: reverse("account_reset_password"), everyone(200)),
    "account_confirm_login_code": ("get", lambda p: reverse("account_confirm_login_code"), allauth(LOGIN, 302)),
    "account_confirm_email": (
        "get",
        lambda p: reverse("account_confirm_email", args=["not-a-key"]),
        everyone(200),
    ),
    "account_reset_password_from_key_done": (
        "get",
        lambda p: reverse("account_reset_password_from_key_done"),
        everyone(200),
    ),
    "account_reset_password_from_key": (
        "get",
        lambda p: reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "x-y"}),
        everyone(200),
    ),
    "account_reset_password_done": ("get", lambda p: reverse("account_reset_password_done"), everyone(200)),
    "account_request_login_code": ("get", lambda p: reverse("account_request_login_code"), allauth(200, 302)),
    # allauth.mfa: only the cast's admin has an authenticator app (platform admins must); setting
    # one up or seeing the codes first asks to confirm one's password (a forced sign-in is not one).
    "mfa_index": ("get", lambda p: reverse("mfa_index"), allauth(LOGIN, 200)),
    "mfa_authenticate": ("get", lambda p: reverse("mfa_authenticate"), allauth(LOGIN, 302)),
    "mfa_reauthenticate": ("get", lambda p: reverse("mfa_reauthenticate"), {**allauth(LOGIN, 302), "admin": 200}),
    "mfa_activate_totp": ("get", lambda p: reverse("mfa_activate_totp"), allauth(LOGIN, 302)),
    "mfa_deactivate_totp": ("get", lambda p: reverse("mfa_deactivate_totp"), {**allauth(LOGIN, 404), "admin": 302}),
    "mfa_view_recovery_codes": (
        "get",
        lambda p: reverse("mfa_view_recovery_codes"),
        {**allauth(LOGIN, 404), "admin": 302},
    ),
    "mfa_download_recovery_codes": (
        "get",
        lambda p: reverse("mfa_download_recovery_codes"),
        {**allauth(LOGIN, 404), "admin": 302},
    ),
    "mfa_generate_recovery_codes": ("get", lambda p: reverse("mfa_generate_recovery_codes"), allauth(LOGIN, 302)),
}
for _module in APP_MODULES:
    MATRIX.update(getattr(_module, "MATRIX", {}))


@functools.cache
def _routes():
    """Each URL name with its whole route, e.g. `c/<slug:slug>/charter/`."""

    def walk(patterns, namespace=None, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    yield from walk(pattern.url_patterns, pattern.namespace or namespace, route)
            elif isinstance(pattern, URLPattern):
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), route

    return dict(walk(get_resolver().url_patterns))


def url_names():
    return list(_routes())


def test_every_url_pattern_has_an_entry():
    missing = sorted(set(url_names()) - set(MATRIX))
    assert not missing, f"URL patterns without an access-matrix entry: {missing}"


def test_every_object_route_names_a_kind_and_a_url():
    names = set(url_names())
    for name, route in OBJECT_ROUTES.items():
        assert route.kind in KINDS, name
        assert name.split(" ")[0] in names, name


# The world, once per module --------------------------------------------------------------------


# Each case runs in the savepoint pytest-django opens for a test marked django_db (inside the
# world's transaction, which is open by then: a module's fixtures come before a test's).
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        # A file lives outside the transaction: a request that removes one (an attachment) would
        # take it from the cases that follow, whatever their order.
        mock.patch.object(FileSystemStorage, "delete"),
        transaction.atomic(),
    ):
        built = World()
        yield built
        transaction.set_rollback(True)


def read(response) -> str:
    """Everything the response shows, lowercased: its body, the files inside an archive
    (a ZIP, a DOCX, an ODT) with their names, the name it is saved under, where it leads."""
    # Reading a streamed body to its end closes it the way the test client expects (closing a
    # response again would close the database connection, the world's transaction with it).
    body = b"".join(response.streaming_content) if response.streaming else response.content
    parts = [body, response.get("Content-Disposition", "").encode(), response.get("Location", "").encode()]
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            for name in archive.namelist():
                parts += [name.encode(), archive.read(name)]
    return b"\n".join(parts).decode("utf-8", "replace").lower()


def visit(client, world, person, method, path, data=None):
    """One request in a savepoint undone at once: (answer, what the page shows)."""
    with transaction.atomic():
        client.cookies = SimpleCookie()
        if person != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[person]
        response = getattr(client, method)(path, data or {})
        text = read(response)
        transaction.set_rollback(True)
    answer = response.status_code
    if answer == 302 and response["Location"].startswith(reverse("account_login")):
        answer = LOGIN
    return answer, text


def tour(client, world, method, path, data=None, markers=None):
    """Every person visits `path`: their answers, the markers each found that they may not see,
    and what each page showed."""
    answers, leaks, texts = {}, {}, {}
    for person in PEOPLE:
        answers[person], texts[person] = visit(client, world, person, method, path, data)
        found = [word for word in world.not_for(person, markers) if word in texts[person]]
        if found:
            leaks[person] = found
    return answers, leaks, texts


# Every URL pattern ---------------------------------------------------------------------------


def _entry(name, listing):
    method, path_for, expected, *public = MATRIX[name]
    if listing == "public":
        expected = {**expected, **(public[0] if public else {})}
    return method, path_for, expected


def _names_a_community(name) -> bool:
    return "<slug:slug>" in _routes().get(name.split(" (")[0], "")


def _cases():
    """Each entry in the private community; again in the public one when its address names it."""
    for name in sorted(MATRIX):
        yield pytest.param("private", name, id=f"private-{name}")
        if _names_a_community(name):
            yield pytest.param("public", name, id=f"public-{name}")


@pytest.mark.parametrize(("listing", "name"), list(_cases()))
def test_access(world, client, listing, name):
    method, path_for, expected = _entry(name, listing)
    answers, leaks, _texts = tour(client, world, method, path_for(world.places[listing]))
    assert answers == expected
    assert not leaks, f"shown to people who may not see it: {leaks}"


# Things of every visibility ------------------------------------------------------------------


class Missing:
    """A thing that does not exist: every id it names is one no row has."""

    pk = 999_999_999

    def __getattr__(self, name):
        return self

    def __str__(self):
        return str(self.pk)


def _visibility_cases():
    for name, route in sorted(OBJECT_ROUTES.items()):
        kind = KINDS[route.kind]
        for listing in PLACES:
            for variant in [*kind.variants, *([] if kind.singleton else ["missing"])]:
                yield pytest.param(name, listing, variant, id=f"{name}-{listing}-{variant}")


@pytest.mark.parametrize(("name", "listing", "variant"), list(_visibility_cases()))
def test_visibility(world, client, name, listing, variant):
    route = OBJECT_ROUTES[name]
    kind = KINDS[route.kind]
    place = world.places[listing]
    markers = world.markers
    if kind.singleton:
        thing = place.things[route.kind]
        type(thing).objects.filter(pk=thing.pk).update(visibility=variant)
        markers = {**markers, marker(route.kind, listing): kind.seen_by(listing, variant)}
    else:
        thing = Missing() if variant == "missing" else place.things[route.kind][variant]
    if variant == "missing":
        expected = route.missing or route.hidden
    else:
        who = kind.seen_by(listing, variant)
        seen = route.answers(listing)
        expected = {person: (seen if person in who else route.hidden)[person] for person in PEOPLE}
    data = route.data(place, thing) if route.data else None
    answers, leaks, texts = tour(client, world, route.method, route.path(place, thing), data, markers)
    assert answers == expected
    assert not leaks, f"shown to people who may not see it: {leaks}"
    if route.method == "get" and variant != "missing":
        # The page of a thing shows it to whoever may see it: so its marker is the proof.
        own = marker(route.kind, listing, "" if kind.singleton else variant).lower()
        blind = [person for person in who if answers[person] == 200 and own not in texts[person]]
        assert not blind, f"{own} not shown to {blind}"


@pytest.mark.parametrize("listing", PLACES)
def test_each_marker_shows_to_someone(world, client, listing):
    """The scan would prove nothing if the markers showed nowhere: the core team finds each of its
    community's markers on one of the pages that list them."""
    place = world.places[listing]
    texts = []
    for name in sorted(MATRIX):
        method, path_for, _expected = _entry(name, listing)
        if method == "get":
            texts.append(visit(client, world, "core_member", "get", path_for(place))[1])
    for route in OBJECT_ROUTES.values():
        if route.method == "get" and not KINDS[route.kind].singleton:
            for thing in place.things[route.kind].values():
                texts.append(visit(client, world, "core_member", "get", route.path(place, thing))[1])
    everything = "\n".join(texts)
    planted = [found.lower() for found in world.markers_of[listing]]
    assert planted
    assert not [found for found in planted if found not in everything]


@pytest.mark.parametrize("listing", PLACES)
def test_a_hidden_word_finds_nothing(world, client, listing):
    """Searching the knowledge base for a marker lists the item that holds it to exactly the people
    who may see the marker: an item's, an attachment's (of a public item), a members' field's."""
    place = world.places[listing]
    items = place.things["knowledge_item"]
    searches = {marker("knowledge_item", listing, variant): items[variant] for variant in VISIBILITIES}
    searches |= {marker("attachment", listing, variant): place.attachments_item for variant in VISIBILITIES}
    contact = marker("knowledge_item", listing, "public").replace("Zq", "ContactZq")
    searches[contact] = items["public"]
    found, expected = {}, {}
    for word, item in searches.items():
        link = f'"{item.get_absolute_url()}"'
        for person in PEOPLE:
            text = visit(client, world, person, "get", f"{reverse('knowledge:home', args=[place.slug])}?q={word}")[1]
            found[word, person] = link in text
            expected[word, person] = person in world.markers[word]
    # PostgreSQL keeps an email address as one word, which a search by its parts does not find:
    # for the contact's address only "nobody else finds it" holds on both engines.
    for person in PEOPLE:
        expected[contact, person] = expected[contact, person] and found[contact, person]
    assert found == expected


def test_admin_is_for_platform_admins_only(world, client):
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    ]
    for url in urls:
        client.logout()
        assert client.get(url).status_code == 302, url
        client.force_login(world.people["core_member"])
        assert client.get(url).status_code == 302, url
        client.force_login(world.people["admin"])
        assert client.get(url).status_code == 200, url
