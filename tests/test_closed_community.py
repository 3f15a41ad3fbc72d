"""A closed community is read-only for everyone: the access matrix's world again, both communities
closed (issue 15, "After closing").

- Every form and htmx action of the matrix (`post`) is refused to the people who could do it in
  an open community, with a 403 that says the community is closed; a visitor is still sent to
  sign in, and an outsider still gets 404 for anything members-only. Only the writes of
  `STAYS_OPEN` answer as they do in an open community.
- No request writes a row (every INSERT, UPDATE and DELETE the request sends is caught), but
  those of `STAYS_OPEN`.
- Every page still answers whoever read it (the public part stays online for visitors), or, for
  a form page, refuses with the closed message; a page that answers offers no form nor htmx call
  that writes, but those of `FORMS_THAT_STAY`.
"""

import re
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve
from django.utils import translation

from terreau import permissions
from terreau.communities.models import Community, Phase
from tests.access import LOGIN, PEOPLE
from tests.test_access_matrix import MATRIX, World, _entry, _names_a_community, visit

pytestmark = pytest.mark.django_db

# The writes a closed community still allows, each for its reason: they answer as in an open one.
STAYS_OPEN = {
    "communities:leave": "a member may always leave a community (community.leave, when_closed)",
    "lifecycle:undo": "the core team may reopen the community by undoing the closing (lifecycle.move_phase)",
    "lifecycle:advance": "lifecycle.move_phase stays open to reopen; after closed there is no phase to move to",
    "exchanges:notifications_read": "marking one's own notifications read changes no community content",
    "exchanges:unsubscribe": "anyone may always stop the emails they receive",
    "archive:request": "the archive is built after the close too (archive.build, when_closed)",
    "closing:close": "the close itself: a closed community is told it is closed already, nothing changes",
    "closing:transfer_give": "handing the knowledge over goes on after the close (transfer.give, when_closed)",
    "closing:transfer_revoke": "taking a read access back goes on after the close (transfer.give, when_closed)",
    "closing:transfer_stakeholder": "an organisation added to the transfer after the close (transfer.give)",
}
# The forms a page of a closed community may still offer: where they send (URL names, or a
# namespace ending in ":"), each for its reason.
FORMS_THAT_STAY = {
    "account_logout": "signing out",
    "language_set": "the language switch",
    "notifications:read": "one's own notifications",
    "communities:leave": STAYS_OPEN["communities:leave"],
    "lifecycle:undo": STAYS_OPEN["lifecycle:undo"],
    "exchanges:notifications_read": STAYS_OPEN["exchanges:notifications_read"],
    "exchanges:unsubscribe": STAYS_OPEN["exchanges:unsubscribe"],
    "archive:": "building and downloading the archive (archive.build, when_closed)",
    "closing:transfer": "handing the archive over (transfer.give, when_closed)",
    "closing:transfer_give": STAYS_OPEN["closing:transfer_give"],
    "closing:transfer_revoke": STAYS_OPEN["closing:transfer_revoke"],
    "closing:transfer_stakeholder": STAYS_OPEN["closing:transfer_stakeholder"],
}
# Rows a request may write whatever the community: the session, and its record (allauth.usersessions).
TABLES_ANY_REQUEST_WRITES = {"django_session", "usersessions_usersession"}


def closed_messages() -> list[str]:
    """The closed refusal in every language it shows in, lowercased and as a page escapes it."""
    found = []
    for language in ("en", "fr"):
        with translation.override(language):
            text = str(permissions.CLOSED_REFUSAL)
        found += [text.lower(), text.replace("'", "&#x27;").lower()]
    return found


def says_closed(text: str) -> bool:
    return any(message in text for message in closed_messages())


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        mock.patch.object(FileSystemStorage, "delete"),
        transaction.atomic(),
    ):
        built = World()
        communities = [place.cast.community for place in built.places.values()]
        Community.objects.filter(pk__in=[community.pk for community in communities]).update(phase=Phase.CLOSED)
        for community in communities:
            community.phase = Phase.CLOSED
        yield built
        transaction.set_rollback(True)


WRITE = re.compile(r'^\s*(insert\s+into|update|delete\s+from)\s+"?([a-z0-9_]+)"?', re.IGNORECASE)


def visit_writing(client, world, person, method, path):
    """`visit`, and the tables the request wrote to (but the session's)."""
    with CaptureQueriesContext(connection) as queries:
        answer, text = visit(client, world, person, method, path)
    written = set()
    for query in queries.captured_queries:
        found = WRITE.match(query["sql"])
        if found and found.group(2).lower() not in TABLES_ANY_REQUEST_WRITES:
            written.add(found.group(2).lower())
    return answer, text, sorted(written)


SUCCESS = {200, 201, 204, 301, 302, 303}


def _community_entries(method):
    for name in sorted(MATRIX):
        if _entry(name, "private")[0] == method and _names_a_community(name):
            for listing in ("private", "public"):
                yield pytest.param(listing, name, id=f"{listing}-{name}")


# Every form and htmx action ------------------------------------------------------------------


@pytest.mark.parametrize(("listing", "name"), list(_community_entries("post")))
def test_every_write_is_refused(world, client, listing, name):
    _method, path_for, open_answers = _entry(name, listing)
    path = path_for(world.places[listing])
    wrong, writes = {}, {}
    for person in PEOPLE:
        answer, text, written = visit_writing(client, world, person, "post", path)
        if name in STAYS_OPEN:
            if answer != open_answers[person]:
                wrong[person] = (answer, "as in an open community", open_answers[person])
            continue
        if written:
            writes[person] = written
        could = open_answers[person] in SUCCESS or open_answers[person] not in {LOGIN, 403, 404, 405}
        if could and not (answer == 403 and says_closed(text)):
            wrong[person] = (answer, "a 403 that says the community is closed")
        elif not could and answer != open_answers[person]:
            wrong[person] = (answer, "as in an open community", open_answers[person])
    assert not writes, f"written in a closed community: {writes}"
    assert not wrong


# Every page ----------------------------------------------------------------------------------

POST_FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
HX_WRITE = re.compile(r"\bhx-(post|put|patch|delete)\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
ACTION = re.compile(r"\baction\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
METHOD_POST = re.compile(r"\bmethod\s*=\s*[\"']?post\b", re.IGNORECASE)


def _url_name(path: str) -> str:
    try:
        match = resolve(path.split("?")[0].replace("&amp;", "&"))
    except Resolver404:
        return f"? {path}"
    return match.view_name


def _stays(url_name: str) -> bool:
    return any(url_name == kept or (kept.endswith(":") and url_name.startswith(kept)) for kept in FORMS_THAT_STAY)


def writes_offered(text: str, page: str) -> list[str]:
    """Where the page's post forms and htmx calls that write send, but those that stay (URL names)."""
    targets = []
    for tag in POST_FORM.findall(text):
        if METHOD_POST.search(tag):
            action = ACTION.search(tag)
            targets.append(action.group(1) if action and action.group(1) else page)
    targets += [found[1] or page for found in HX_WRITE.findall(text)]
    return sorted({name for name in map(_url_name, targets) if not _stays(name)})


@pytest.mark.parametrize(("listing", "name"), list(_community_entries("get")))
def test_every_page_reads_and_offers_no_write(world, client, listing, name):
    _method, path_for, open_answers = _entry(name, listing)
    path = path_for(world.places[listing])
    wrong, offered, writes = {}, {}, {}
    for person in PEOPLE:
        answer, text, written = visit_writing(client, world, person, "get", path)
        if written:
            writes[person] = written
        was = open_answers[person]
        if was in SUCCESS and person != "anonymous":
            # Reading stays open; a form page refuses with the closed message.
            if answer != was and not (answer == 403 and says_closed(text)):
                wrong[person] = (answer, f"{was} or a 403 that says the community is closed")
        elif answer != was:  # the public part stays online; refusals stay what they were
            wrong[person] = (answer, was)
        if answer == 200:
            found = writes_offered(text, path)
            if found:
                offered[person] = found
    assert not wrong
    assert not offered, f"a closed community's page offers writes: {offered}"
    assert not writes, f"a page written in a closed community: {writes}"


@pytest.mark.parametrize(("listing", "name"), list(_community_entries("get")))
def test_posting_to_a_page_writes_nothing(world, client, listing, name):
    """A create or edit page takes its form on the same address: posting to it writes nothing."""
    if _stays(name):
        pytest.skip(f"{name} stays open when the community is closed")
    path = _entry(name, listing)[1](world.places[listing])
    writes, forms = {}, {}
    for person in PEOPLE:
        answer, text, written = visit_writing(client, world, person, "post", path)
        if written:
            writes[person] = written
        if answer == 200 and writes_offered(text, path):
            forms[person] = writes_offered(text, path)
    assert not writes, f"written in a closed community: {writes}"
    assert not forms, f"a closed community's form answered a post with a form: {forms}"


def test_the_whitelists_name_real_addresses():
    for name in [*STAYS_OPEN, *FORMS_THAT_STAY]:
        if name not in ("account_logout", "language_set", "notifications:read", "archive:"):
            assert name in MATRIX, name
