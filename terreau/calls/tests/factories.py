"""Small builders for the tests of calls."""

from datetime import timedelta

from terreau.calls import services
from terreau.calls.models import Call, site_today


def open_call(cast, *, questions=(), days: int = 30, **fields) -> Call:
    return services.call_create(
        actor=cast.core_member,
        community=cast.community,
        title=fields.pop("title", "Rejoignez les circuits courts"),
        text=fields.pop("text", "Nous cherchons des **producteurs** et des *transformateurs*."),
        closes_on=site_today() + timedelta(days=days),
        questions=[services.Question(text, required) for text, required in questions],
        **fields,
    )


def apply(call, *, email="lea@exemple.be", name="Léa Dupont", **fields):
    return services.application_submit(
        call=call,
        name=name,
        email=email,
        motivation=fields.pop("motivation", "Je vends mes légumes en direct."),
        engagement=fields.pop("engagement", "carrier"),
        **fields,
    )
