"""An anonymous answer can never be linked to a person, not even by the platform admin.

Three members answer an anonymous survey, each writing a unique word. Then every table of the
database (every model: audit, emails, feed, notifications, sessions, the activity log if there is
one), every log record emitted meanwhile, the results' CSV and each member's personal-data
archive are read through, and nothing may tie a response to one of them.
"""

import io
import json
import logging
import uuid
import zipfile

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from terreau.surveys.models import Participation, Response

from .factories import make_survey, post_data

pytestmark = pytest.mark.django_db

WORDS = ["MotUniqueAlphaZq", "MotUniqueBetaZq", "MotUniqueGammaZq"]


def _every_row() -> list[tuple[str, dict]]:
    """(table, row as {column: text}) of every table of the database, read raw."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor, include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            rows += [(table, dict(zip(columns, map(str, row), strict=True))) for row in cursor.fetchall()]
    return rows


def _identities(user) -> set[str]:
    return {str(user.pk), user.email, user.display_name}


def _ids(response: Response) -> set[str]:
    return {str(response.pk), response.pk.hex}


@pytest.fixture
def answered(cast, client, caplog):
    caplog.set_level(logging.DEBUG)
    survey = make_survey(cast)
    people = [cast.member, cast.observer, cast.facilitator]
    for person, word in zip(people, WORDS, strict=True):
        client.force_login(person)
        assert (
            client.post(
                reverse("surveys:answer", args=[cast.community.slug, survey.pk]), post_data(survey, word)
            ).status_code
            == 302
        )
    return survey, people


def test_the_response_table_holds_no_person_no_time_and_no_order(answered):
    survey, people = answered
    # The model itself: no field that points to a person or holds a time finer than the day.
    for field in Response._meta.concrete_fields:
        assert field.get_internal_type() != "DateTimeField", field.name
    assert isinstance(Response._meta.pk.default(), uuid.UUID)
    responses = list(Response.objects.filter(survey=survey))
    assert len(responses) == 3
    assert all(found.respondent_id is None and found.submitted_on is None and found.name == "" for found in responses)
    # Stored in the order of their random ids, whatever the order they came in.
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Response._meta.db_table)
        order = "rowid" if connection.vendor == "sqlite" else "ctid"
        cursor.execute(f"SELECT id FROM {table} ORDER BY {order}")
        stored = [str(row[0]).replace("-", "") for row in cursor.fetchall()]
    assert stored == sorted(found.pk.hex for found in responses)
    # The participations say who answered, without any link or date.
    assert {field.name for field in Participation._meta.concrete_fields} == {"id", "survey", "user"}


def test_no_table_ties_a_response_to_a_person(answered):
    survey, people = answered
    responses = list(Response.objects.filter(survey=survey))
    ids = set().union(*(_ids(found) for found in responses))
    words_by_person = dict(zip([person.pk for person in people], WORDS, strict=True))
    for table, row in _every_row():
        text = " ".join(row.values())
        holds_response = any(marker in text for marker in ids) or any(word in text for word in WORDS)
        if not holds_response:
            continue
        # Only the responses' own table holds them, and it names nobody.
        assert table == Response._meta.db_table, table
        for person in people:
            assert not (_identities(person) & set(row.values())), (table, row)
            for identity in [person.email, person.display_name]:
                assert identity not in text
    # Nothing that names a person carries a word they wrote, nor the id of a response.
    for table, row in _every_row():
        text = " ".join(row.values())
        for person in people:
            if person.email in text or person.display_name in text:
                assert words_by_person[person.pk] not in text, table
                assert not any(marker in text for marker in ids), table


def test_no_log_record_ties_a_response_to_a_person(answered, caplog):
    survey, people = answered
    ids = set().union(*(_ids(found) for found in Response.objects.filter(survey=survey)))
    for record in caplog.records:
        message = record.getMessage() + " " + json.dumps(record.__dict__, default=str)
        assert not any(marker in message for marker in ids), message
        assert not any(word in message for word in WORDS), message


def test_the_exports_tell_only_the_fact_of_having_answered(answered, cast, client):
    survey, people = answered
    ids = set().union(*(_ids(found) for found in Response.objects.filter(survey=survey)))
    client.force_login(cast.core_member)
    content = client.get(reverse("surveys:results_csv", args=[cast.community.slug, survey.pk])).content.decode()
    for person in people:
        assert not (_identities(person) - {str(person.pk)}) & {part for part in content.split(";")}
        assert person.display_name not in content and person.email not in content
    assert not any(marker in content for marker in ids)
    # The three words are there, in the order of the random ids rather than the order they came in.
    for person in people:
        client.force_login(person)
        response = client.get(reverse("account_data_download"))
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        everything = "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
        assert not any(found in everything for found in WORDS), "a member's archive holds an anonymous answer"
        assert not any(marker in everything for marker in ids)
        exported = json.loads(archive.read("surveys.json"))
        assert exported["surveys"] == [
            {"community": cast.community.slug, "survey": survey.display_title, "anonymous": True, "answered": True}
        ]


def test_every_model_was_read(answered):
    """The dump above reads tables; every installed model's table is among them."""
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor, include_views=False))
    missing = [
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.managed and model._meta.db_table not in tables
    ]
    assert missing == []
