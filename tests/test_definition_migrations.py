"""The workspace's answers on why and on the objectives move to the definition, their one place, and
back; a text moved never becomes visible to someone who could not read it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("definition", "0002_plain_help_texts")
AFTER = ("definition", "0003_why_and_objectives_written_once")


def migrate(definition=None):
    """Every app at its latest but definition at `definition`; answers the models of that state."""
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    if definition:
        targets = [node for node in targets if node[0] != "definition"] + [definition]
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_answers_on_why_and_objectives_move_to_the_definition_and_back():
    old = migrate(BEFORE)
    Community = old.get_model("communities", "Community")
    Answer = old.get_model("lifecycle", "Answer")
    Definition = old.get_model("definition", "CommunityDefinition")
    shared, secret, fresh = (
        Community.objects.create(name=name, slug=name, purpose="p") for name in ["shared", "secret", "fresh"]
    )
    Definition.objects.create(community=shared, scope="Wallonie", visibility="members")
    Definition.objects.create(community=secret, scope="Namur", visibility="members")
    Answer.objects.create(
        community=shared, question="define.why", text="Apprendre des autres GAL.", visibility="members"
    )
    Answer.objects.create(
        community=shared, question="define.objectives", text="Surtout de l'**entraide**.", status="settled"
    )
    Answer.objects.create(community=shared, question="define.scope", text="Reste ici.")
    Answer.objects.create(
        community=secret, question="define.why", text="Un différend à régler.", visibility="core_team"
    )
    Answer.objects.create(community=fresh, question="define.objectives", text="Innovation.", visibility="public")

    new = migrate(AFTER)
    Definition = new.get_model("definition", "CommunityDefinition")
    Answer = new.get_model("lifecycle", "Answer")
    definition = Definition.objects.get(community_id=shared.pk)
    assert (definition.why, definition.objectives_summary) == (
        "Apprendre des autres GAL.",
        "Surtout de l'**entraide**.",
    )
    assert (definition.scope, definition.visibility) == ("Wallonie", "members")
    # Moved, not copied: one place; the question keeps its status.
    moved = Answer.objects.get(community_id=shared.pk, question="define.objectives")
    assert (moved.text, moved.status) == ("", "settled")
    assert Answer.objects.get(community_id=shared.pk, question="define.scope").text == "Reste ici."
    # A core-team-only answer keeps its readers: the definition narrows to the core team.
    assert Definition.objects.get(community_id=secret.pk).visibility == "core_team"
    assert Definition.objects.get(community_id=secret.pk).why == "Un différend à régler."
    # A community without a definition gets one, as visible as the answer was.
    created = Definition.objects.get(community_id=fresh.pk)
    assert (created.objectives_summary, created.visibility) == ("Innovation.", "public")

    old = migrate(BEFORE)
    Answer = old.get_model("lifecycle", "Answer")
    assert Answer.objects.get(community_id=shared.pk, question="define.why").text == "Apprendre des autres GAL."
    assert Answer.objects.get(community_id=fresh.pk, question="define.objectives").text == "Innovation."
    migrate()  # the tests that follow run on the latest schema
