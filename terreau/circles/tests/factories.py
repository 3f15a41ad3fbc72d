import itertools

from conftest import make_member, make_user
from terreau.circles import services
from terreau.circles.models import Circle, CircleKind, CircleMember, Joining
from terreau.communities.models import Membership


def make_circle(community, name="Groupe Logistique", *, kind=CircleKind.WORKING_GROUP, **fields) -> Circle:
    fields.setdefault("joining", Joining.OPEN)
    return Circle.objects.create(community=community, name=name, kind=kind, **fields)


def add(circle, membership, coordinator=False) -> CircleMember:
    return CircleMember.objects.create(circle=circle, membership=membership, is_coordinator=coordinator)


_numbers = itertools.count()


def new_member(community, n: int) -> Membership:
    unique = next(_numbers)
    user = make_user(f"personne{n}-{unique}@{community.slug}.test", f"Personne {n:03d}")
    return make_member(community, user)


__all__ = ["add", "make_circle", "new_member", "services"]
