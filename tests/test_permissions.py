"""The kernel of the permission policy: yes/no answers, refusals that reveal nothing, queryset
forms, and the rule table every app registers its actions in."""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from terreau import permissions
from terreau.communities.models import Role, RoleAssignment, RoleKind
from terreau.core.models import Visibility
from terreau.exchanges import permissions as exchanges_permissions
from terreau.knowledge import permissions as knowledge_permissions
from terreau.permissions import SignInRequired, Standing, UnknownAction

pytestmark = pytest.mark.django_db


def test_standing_of_each_kind_of_person(cast):
    from django.contrib.auth.models import AnonymousUser

    community = cast.community
    assert permissions.standing(AnonymousUser(), community) == Standing.VISITOR
    assert permissions.standing(cast.outsider, community) == Standing.OUTSIDER
    assert permissions.standing(cast.member, community) == Standing.MEMBER
    assert permissions.standing(cast.core_member, community) == Standing.CORE_TEAM
    assert permissions.standing(cast.admin, community) == Standing.ADMIN


def test_refusals_never_reveal_a_private_thing(cast):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(SignInRequired):
        permissions.require(AnonymousUser(), "members.view", cast.community)
    with pytest.raises(Http404):
        permissions.require(cast.outsider, "members.view", cast.community)
    with pytest.raises(PermissionDenied):
        permissions.require(cast.member, "members.manage", cast.community)


def test_role_actions_follow_the_role_or_the_core_team(cast):
    community = cast.community
    facilitate, manage = exchanges_permissions.FACILITATE, knowledge_permissions.MANAGE
    assert permissions.can(cast.facilitator, facilitate, community)  # holds facilitation
    assert not permissions.can(cast.member, facilitate, community)
    assert permissions.can(cast.core_member, facilitate, community)  # carries unheld roles
    assert not permissions.can(cast.member, manage, community)
    content = Role.objects.get(community=community, kind=RoleKind.CONTENT)
    RoleAssignment.objects.create(role=content, membership=cast.membership(cast.member))
    permissions.forget(cast.member, community)
    assert permissions.can(cast.member, manage, community)
    with pytest.raises(Http404):
        permissions.require(cast.outsider, manage, community)


def test_visible_filters_a_queryset_by_visibility(cast):
    Role.objects.filter(community=cast.community, kind=RoleKind.WATCH).update(visibility="core_team")
    Role.objects.filter(community=cast.community, kind=RoleKind.LOGISTICS).update(visibility="public")
    roles = Role.objects.filter(community=cast.community)
    kinds = lambda user: {r.kind for r in permissions.visible(user, cast.community, roles)}  # noqa: E731
    assert kinds(cast.outsider) == {RoleKind.LOGISTICS}
    assert RoleKind.WATCH not in kinds(cast.member)
    assert RoleKind.WATCH in kinds(cast.core_member)


def test_private_communities_are_listed_only_for_their_members(cast, public_cast):
    assert list(permissions.communities_listed_for(cast.outsider)) == [public_cast.community]
    assert cast.community in permissions.communities_listed_for(cast.member)


@pytest.mark.parametrize("visibility", Visibility.values)
def test_members_who_may_see_agrees_with_can_see_for_each_person(cast, visibility):
    from conftest import make_member

    make_member(cast.community, cast.admin)  # a platform admin who is also a member sees everything
    thing = Role(community=cast.community, visibility=visibility)
    found = set(permissions.members_who_may_see(cast.community, visibility).values_list("user_id", flat=True))
    for person in ("admin", "core_member", "facilitator", "member", "observer", "outsider"):
        user = getattr(cast, person)
        expected = permissions.membership(user, cast.community) is not None and permissions.can_see(
            user, cast.community, thing
        )
        assert (user.pk in found) == expected, person


# The one refusal --------------------------------------------------------------------------------


@pytest.mark.parametrize("readable", [True, False])
def test_a_visitor_is_sent_to_sign_in_whatever_the_thing(cast, readable):
    with pytest.raises(SignInRequired):
        permissions.refuse(AnonymousUser(), cast.community, readable=readable)


@pytest.mark.parametrize("person", ["outsider", "member", "core_member", "admin"])
def test_a_thing_the_person_may_not_read_is_not_found(cast, person):
    with pytest.raises(Http404):
        permissions.refuse(getattr(cast, person), cast.community, readable=False)


@pytest.mark.parametrize("person", ["outsider", "member", "core_member", "admin"])
def test_a_thing_the_person_reads_but_may_not_touch_is_forbidden(cast, person):
    with pytest.raises(PermissionDenied):
        permissions.refuse(getattr(cast, person), cast.community, readable=True)


def test_require_answers_404_outside_the_community_only_for_what_is_members_only(cast):
    from terreau.communities.models import Community

    Community.objects.filter(pk=cast.community.pk).update(phase="closed")
    cast.community.refresh_from_db()
    with pytest.raises(PermissionDenied):  # the community's page is readable: joining it is refused
        permissions.require(cast.outsider, "community.join", cast.community)
    with pytest.raises(Http404):
        permissions.require(cast.outsider, "community.leave", cast.community)


def test_an_action_that_takes_a_membership_is_forbidden_to_a_platform_admin_who_holds_none(cast):
    assert permissions.standing(cast.admin, cast.community) == Standing.ADMIN
    assert not permissions.can(cast.admin, exchanges_permissions.EMAIL_SETTINGS, cast.community)
    with pytest.raises(PermissionDenied):
        permissions.require(cast.admin, exchanges_permissions.EMAIL_SETTINGS, cast.community)
    with pytest.raises(PermissionDenied):
        permissions.require(cast.admin, "membership.engage", cast.community)
    assert permissions.can(cast.observer, "membership.engage", cast.community)


def test_require_membership_returns_the_membership_an_action_takes(cast):
    found = permissions.require_membership(cast.observer, "membership.engage", cast.community)
    assert found == cast.membership(cast.observer)
    with pytest.raises(PermissionDenied):
        permissions.require_membership(cast.admin, "membership.engage", cast.community)


def test_require_membership_for_an_action_registered_without_one_is_an_error_never_a_pass(cast):
    # A platform admin passes "members.view" without a membership: the rule lacks needs_membership.
    with pytest.raises(LookupError, match="needs_membership"):
        permissions.require_membership(cast.admin, "members.view", cast.community)


# The rule table ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ask",
    [
        lambda cast: permissions.can(cast.member, "charter.adpot", cast.community),
        lambda cast: permissions.require(cast.member, "workspace.edit", cast.community),
        lambda cast: permissions.require(AnonymousUser(), "workspace.view", cast.community),
        lambda cast: permissions.community_for(AnonymousUser(), cast.community.slug, "workspace.view"),
        lambda cast: permissions.can(cast.admin, "community.fly"),
    ],
    ids=["can", "require", "require a visitor", "community_for", "platform"],
)
def test_an_unknown_action_is_an_error_never_a_refusal(cast, ask):
    with pytest.raises(UnknownAction) as error:
        ask(cast)
    assert isinstance(error.value, KeyError)


def test_an_action_is_registered_once_with_one_rule():
    assert permissions.register("charter.edit", Standing.CORE_TEAM) == "charter.edit"  # the same rule again
    with pytest.raises(ValueError):
        permissions.register("charter.edit", Standing.MEMBER)
    with pytest.raises(ValueError):
        permissions.register("knowledge.publish", Standing.MEMBER)  # it is carried by the content role
    with pytest.raises(ValueError):
        permissions.register("tests.role_from_the_core_team", Standing.CORE_TEAM, role=RoleKind.CONTENT)
    assert "tests.role_from_the_core_team" not in permissions.RULES


def _app_permission_modules():
    modules = {}
    for app in apps.get_app_configs():
        if app.name.startswith("terreau."):
            try:
                modules[app.name] = importlib.import_module(f"{app.name}.permissions")
            except ModuleNotFoundError as error:
                if error.name != f"{app.name}.permissions":
                    raise
    return modules


def _actions_of(module) -> set[str]:
    known = set(permissions.RULES) | set(permissions.PLATFORM_RULES)
    return {
        value for name, value in vars(module).items() if name.isupper() and isinstance(value, str) and value in known
    }


# The position of the action among the arguments.
ASKING = {"can": 1, "require": 1, "require_membership": 1, "community_for": 2}


def _actions_named_in_code() -> list[tuple[str, int, str]]:
    """Every action `can`, `require` or `community_for` is asked in Terreau's code: literal names,
    module constants and the constants of the apps' permissions modules (file, line, action)."""
    root = Path(permissions.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        aliases = {}  # a name bound by `from X import permissions as name` -> that module
        package = ".".join(path.relative_to(root.parent).with_suffix("").parts[:-1])
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + [base]).strip(".")
                for alias in node.names:
                    if alias.name == "permissions":
                        aliases[alias.asname or alias.name] = f"{base}.permissions"
        constants = {}  # NAME = "action", or NAME = permissions.register("action", ...)
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                value = node.value
                if isinstance(value, ast.Call) and getattr(value.func, "attr", "") == "register":
                    value = value.args[0]
                if isinstance(value, ast.Constant):
                    constants[node.targets[0].id] = value.value
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in ASKING or not isinstance(node.func.value, ast.Name):
                continue
            if aliases.get(node.func.value.id) != "terreau.permissions" and path.name != "permissions.py":
                continue
            arguments = [*node.args, *(k.value for k in node.keywords if k.arg == "action")]
            position = ASKING[node.func.attr]
            if len(node.args) <= position and not node.keywords:
                continue  # community_for's default, community.view
            action = node.args[position] if len(node.args) > position else arguments[-1]
            if isinstance(action, ast.Constant):
                name = action.value
            elif isinstance(action, ast.Name) and action.id in constants:
                name = constants[action.id]
            elif isinstance(action, ast.Attribute) and isinstance(action.value, ast.Name):
                module = aliases.get(action.value.id)
                value = getattr(importlib.import_module(module), action.attr, None) if module else None
                if not isinstance(value, str):
                    continue  # a mapping such as EDIT_BY_SECTION[...]: checked below
                name = value
            else:
                continue
            found.append((str(path.relative_to(root.parent)), node.lineno, name))
    return found


def test_every_action_named_in_code_is_registered():
    _app_permission_modules()
    named = _actions_named_in_code()
    assert len(named) > 100  # the scan reads the views and services of every app
    known = set(permissions.RULES) | set(permissions.PLATFORM_RULES)
    unknown = [f"{path}:{line} {action}" for path, line, action in named if action not in known]
    assert not unknown, unknown
    assert not any(action.startswith("workspace.") for _path, _line, action in named)


def test_each_app_documents_the_actions_it_registers():
    modules = _app_permission_modules()
    assert {"terreau.knowledge", "terreau.exchanges", "terreau.charter", "terreau.calls"} <= set(modules)
    for name, module in modules.items():
        actions = _actions_of(module)
        assert actions, name
        missing = [action for action in actions if f"`{action}`" not in module.__doc__]
        assert not missing, f"{name}.permissions registers {missing} without documenting them"
        for mapping in (value for key, value in vars(module).items() if key.endswith("_BY_SECTION")):
            assert set(mapping.values()) <= actions
    registered_by_apps = set().union(*(_actions_of(module) for module in modules.values()))
    kernel = (set(permissions.RULES) | set(permissions.PLATFORM_RULES)) - registered_by_apps
    missing = [action for action in kernel if f"`{action}`" not in permissions.__doc__]
    assert not missing, missing


@pytest.mark.parametrize("person", ["outsider", "observer", "member", "facilitator", "core_member", "admin"])
def test_every_registered_action_follows_its_standing(cast, person):
    """Beyond roles and memberships, an action is open exactly from its standing up."""
    _app_permission_modules()
    user = getattr(cast, person)
    have = permissions.standing(user, cast.community)
    for action, needed in permissions.RULES.items():
        if action in permissions.ROLE_RULES or action in permissions.MEMBERSHIP_RULES or action == "community.join":
            continue
        assert permissions.can(user, action, cast.community) == (have >= needed), (person, action)


# A closed community is read-only ---------------------------------------------------------------


@pytest.fixture
def closed(cast):
    from terreau.communities.models import Community, Phase

    Community.objects.filter(pk=cast.community.pk).update(phase=Phase.CLOSED)
    cast.community.refresh_from_db()
    return cast.community


def _refused_as_closed(user, action, community):
    with pytest.raises(PermissionDenied) as refusal:
        permissions.require(user, action, community)
    return str(refusal.value) == str(permissions.CLOSED_REFUSAL)


def test_a_closed_community_still_answers_what_only_reads(cast, closed):
    assert permissions.can(AnonymousUser(), "community.view", closed)
    assert permissions.can(cast.member, "members.view", closed)
    permissions.require(cast.core_member, "audit.view", closed)


def test_a_closed_community_refuses_every_write_saying_it_is_closed(cast, closed):
    assert not permissions.can(cast.core_member, "members.manage", closed)
    assert _refused_as_closed(cast.core_member, "members.manage", closed)
    assert _refused_as_closed(cast.member, exchanges_permissions.POST, closed)
    assert _refused_as_closed(cast.outsider, "community.join", closed)
    with pytest.raises(PermissionDenied) as refusal:
        permissions.require_open(cast.member, closed)  # a feature's own rule (its author edits it)
    assert str(refusal.value) == str(permissions.CLOSED_REFUSAL)


def test_a_write_nobody_may_do_anyway_is_refused_as_before(cast, closed):
    with pytest.raises(PermissionDenied) as refusal:
        permissions.require(cast.member, "members.manage", closed)
    assert str(refusal.value) != str(permissions.CLOSED_REFUSAL)


def test_a_write_registered_when_closed_stays_open(cast, closed):
    assert permissions.can(cast.member, "community.leave", closed)
    assert "community.leave" in permissions.WHEN_CLOSED
    for action in permissions.WHEN_CLOSED:
        assert not permissions.frozen(action, closed), action


def test_a_misspelt_action_still_fails_loudly_in_a_closed_community(cast, closed):
    with pytest.raises(UnknownAction):
        permissions.can(cast.core_member, "members.mange", closed)
    with pytest.raises(UnknownAction):
        permissions.require(cast.core_member, "members.mange", closed)


def test_a_closed_community_still_hides_what_is_members_only_from_outside(cast, closed):
    with pytest.raises(Http404):
        permissions.require(cast.outsider, exchanges_permissions.POST, closed)
    with pytest.raises(Http404):
        permissions.require(cast.outsider, "members.view", closed)
    with pytest.raises(SignInRequired):
        permissions.require(AnonymousUser(), "members.manage", closed)
    with pytest.raises(SignInRequired):
        permissions.require_open(AnonymousUser(), closed)
