"""Hostile input never makes a server error, on any URL of the access matrix.

One world (tests/test_access_matrix.World) is built for the module, and its private community
fuzzed. Every page the matrix lets someone read is rendered for each kind of person who may, and
the forms and query links found there are the targets (tests/fuzz.py reads them). For each URL
name, Hypothesis then sends believable submissions in which a few fields carry hostile values
(NUL bytes, invalid UTF-8, a megabyte of text, ids too large for the database, dates in year
9999, odd encodings, file names with NUL or "../", empty files, a zip bomb), sometimes to an
address whose own segments are hostile, sometimes as htmx, as the most privileged people who
may, a plain member and, where they may, an outsider and a visitor. Each request runs in a
transaction that is rolled back, so that every example meets the same world; the tasks it
enqueues run before the rollback. A server error, an exception or a failed task fails the test
with the person, the URL and the data.

TERREAU_FUZZ_EXAMPLES=500 runs a longer campaign (the default keeps the suite quick); with
DATABASE_URL=postgresql://... it runs on PostgreSQL, which refuses NUL in text.
"""

import copy
import dataclasses
import os
import reprlib

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.tasks.base import TaskResultStatus
from django.tasks.signals import task_finished
from django.test import Client, TestCase, override_settings
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import fuzz
from tests.test_access_matrix import MATRIX, Place, World

EXAMPLES = int(os.environ.get("TERREAU_FUZZ_EXAMPLES", "15"))
# Who is sent hostile input: the most privileged first, then a plain member and a visitor.
SENDERS = ["admin", "core_member", "facilitator", "member", "outsider", "anonymous"]
CRAWLERS = ["anonymous", "outsider", "observer", "member", "facilitator", "core_member", "admin"]
pytestmark = pytest.mark.django_db  # the module's world lives in the test database
SHORT = reprlib.Repr(maxstring=120, maxother=120, maxlist=6, maxdict=12)


def may(code) -> bool:
    """An answer that lets the request reach the view's work (not a refusal); 409 is a stale
    version the view read and refused, after parsing what was sent."""
    return code in (200, 302, 400, 409)


def url_name(path: str) -> str | None:
    try:
        return resolve(path.split("?", 1)[0]).view_name
    except Resolver404:
        return None


class Lab:
    """The world, one signed-in client per person, and the forms found on every page, by URL name."""

    def __init__(self, world: Place):
        self.world = world
        self.clients: dict[str, tuple[Client, object]] = {}
        for person in CRAWLERS:
            client = Client()
            if person != "anonymous":
                client.force_login(getattr(world.cast, person))
            self.clients[person] = (client, copy.deepcopy(client.cookies))
        self.forms: dict[str, dict[tuple, fuzz.Form]] = {}
        self.variants: dict[str, list[str]] = {}
        self.failed_tasks: list[str] = []

    def client(self, person: str) -> Client:
        # Each example starts from the person's own session (a logout or a new language is forgotten).
        if person not in self.clients:  # one who alone may send this form (the author of a proposal)
            client = Client()
            client.force_login(getattr(self.world.cast, person))
            self.clients[person] = (client, copy.deepcopy(client.cookies))
        client, cookies = self.clients[person]
        client.cookies = copy.deepcopy(cookies)
        return client

    def add(self, form: fuzz.Form) -> None:
        name = url_name(form.path)
        if name in MATRIX:
            self.forms.setdefault(name, {}).setdefault(form.signature(), form)

    def crawl(self) -> None:
        """Read every page each person may read; then give every URL at least a query or an empty POST."""
        for method, path_for, expected, *_public in MATRIX.values():
            if method == "get":
                for person in CRAWLERS:
                    if expected[person] == 200:
                        self.read(person, path_for(self.world))
        self.field_names = sorted(
            {name for forms in self.forms.values() for form in forms.values() for name in form.fields}
        )
        for name, (method, path_for, *_expected) in MATRIX.items():
            path = path_for(self.world)
            self.variants[name] = fuzz.path_variants(path)
            if method == "get":  # any page may be asked for another page of results
                self.add(fuzz.Form("get", path, False, path, fields={"page": fuzz.Field("page", "number", ["2"])}))
            elif name not in self.forms:
                self.add(fuzz.Form("post", path, False, path))

    def read(self, person: str, path: str) -> None:
        with transaction.atomic():
            response = self.client(person).get(path)
            transaction.set_rollback(True)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            reader = fuzz.FormReader(path)
            reader.feed(response.content.decode())
            for form in reader.forms:
                self.add(form)
            for link in reader.links:
                self.add(fuzz.Form("get", link, False, path, fields=fuzz.query_fields(link)))

    def senders(self, name: str) -> list[str]:
        expected = MATRIX[name][2]
        # The usual senders; failing them, whoever alone may send it (a proposal's author).
        return [person for person in SENDERS if may(expected[person])] or [
            person for person in expected if person != "anonymous" and may(expected[person])
        ]

    def send(self, person: str, form: fuzz.Form, data: dict, htmx: bool):
        client = self.client(person)
        cache.clear()  # rate limits would soon answer every example with a refusal
        mail.outbox = []
        headers = {"HX-Request": "true"} if htmx else {}
        self.failed_tasks.clear()
        with transaction.atomic():
            with TestCase.captureOnCommitCallbacks(execute=True):
                if form.method == "get":
                    query = fuzz.encode(data)
                    path = form.path + ("&" if "?" in form.path else "?") + query if query else form.path
                    response = client.get(path, headers=headers)
                elif form.multipart or fuzz.has_upload(data):
                    body, content_type = fuzz.multipart(data)
                    response = client.post(form.path, body, content_type=content_type, headers=headers)
                else:
                    response = client.post(
                        form.path, fuzz.encode(data), content_type="application/x-www-form-urlencoded", headers=headers
                    )
            transaction.set_rollback(True)
        return response

    def check(self, person: str, form: fuzz.Form, data: dict, htmx: bool) -> None:
        where = f"{person} {form.method.upper()} {form.path} {'(htmx) ' if htmx else ''}{SHORT.repr(data)}"
        try:
            response = self.send(person, form, data, htmx)
        except Exception as error:
            raise AssertionError(f"{where} raised {error!r}") from error
        assert response.status_code < 500, f"{where} answered {response.status_code}"
        assert not self.failed_tasks, f"{where} made a task fail:\n" + "\n".join(self.failed_tasks)

    def task_finished(self, sender, task_result, **kwargs):
        if task_result.status == TaskResultStatus.FAILED:
            self.failed_tasks.extend(error.traceback for error in task_result.errors)


@pytest.fixture(scope="module")
def lab(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        lab = Lab(World().places["private"])
        lab.crawl()
        task_finished.connect(lab.task_finished)
        try:
            yield lab
        finally:
            task_finished.disconnect(lab.task_finished)
            transaction.set_rollback(True)


# URLs that answer nobody in the lab's private community, so have nothing to fuzz there; each is
# read with hostile keys and paths by its own tests (terreau/events/tests/test_calendars.py).
ONLY_PUBLIC = {
    "calendar:community_feed": "the outsider's key reads no private community's feed",
    "calendar:series_feed": "the outsider's key reads no private community's series",
    "events:feed": "only a public community has a public feed",
}


# A variant of a URL (" (search)", " (odt)"…) is the same view, fuzzed under its own name.
@pytest.mark.parametrize("name", sorted(name for name in MATRIX if " (" not in name))
def test_hostile_input_never_makes_a_server_error(lab, name):
    if name in ONLY_PUBLIC:
        pytest.skip(ONLY_PUBLIC[name])
    forms = sorted(lab.forms.get(name, {}).values(), key=fuzz.Form.signature)
    people = lab.senders(name)
    assert forms and people, f"nothing to send to {name}"

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(person=st.sampled_from(people), form=st.sampled_from(forms), data=st.data(), htmx=st.booleans())
    def submit(person, form, data, htmx):
        if lab.variants[name] and data.draw(st.integers(0, 3), label="odd address") == 0:
            form = dataclasses.replace(form, path=data.draw(st.sampled_from(lab.variants[name]), label="path"))
        if form.method == "post" and not form.multipart:
            form = dataclasses.replace(form, multipart=data.draw(st.booleans(), label="multipart"))
        lab.check(person, form, data.draw(fuzz.form_data(form, lab.field_names), label="data"), htmx)

    submit()


def test_the_crawl_finds_the_forms_that_matter(lab):
    """A guard on the fuzzer itself: if pages stopped being read, the fuzz test would prove nothing."""
    import_fields = {name for form in lab.forms["definition:stakeholders_import"].values() for name in form.fields}
    assert "file" in import_fields
    action_fields = {name for form in lab.forms["launch:action_create"].values() for name in form.fields}
    assert {"title", "owners_member", "due_date"} <= action_fields
    assert any(form.method == "get" and "q" in form.fields for form in lab.forms["knowledge:home"].values())
    assert lab.senders("definition:stakeholder_create") == ["admin", "core_member"]
