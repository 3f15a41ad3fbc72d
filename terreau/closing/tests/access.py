"""Access-matrix entries of the close phase (see tests/test_access_matrix.py).

The closing page is the members'; the recognition document, once published, is read by whoever
its visibility allows; its editing and the transfer to organisations are the core team's. The
links given to organisations need no account: the token is the secret, the same for everyone.
"""

from terreau.closing import services
from terreau.closing.models import Recipient, Recognition
from tests.access import core_team_only, everyone, members_only, url

_recipient = lambda p: p.closing_recipient.pk  # noqa: E731


def prepare(place):
    cast = place.cast
    community = cast.community
    place.closing_recognition = Recognition.objects.create(
        community=community, title="Merci", text="## Purpose\n\nPartager.", visibility="members"
    )
    services.recognition_publish(actor=cast.core_member, recognition=place.closing_recognition)
    recipient = services.recipient_add(
        actor=cast.core_member, community=community, organisation="Maison du tourisme", email="contact@mt.test"
    )
    place.closing_recipient = services.transfer_give(
        actor=cast.core_member, recipient=recipient, access=Recipient.Access.ARCHIVE
    )
    reader = services.recipient_add(
        actor=cast.core_member, community=community, organisation="Université", email="lire@univ.test"
    )
    place.closing_reader = services.transfer_give(
        actor=cast.core_member, recipient=reader, access=Recipient.Access.READ
    )


MATRIX = {
    "closing:page": ("get", url("closing:page"), members_only(200)),
    # Not in its close phase: the confirmation is missing, the page says what to do first.
    "closing:close": ("post", url("closing:close"), core_team_only(200)),
    "closing:recognition": ("get", url("closing:recognition"), members_only(200)),
    "closing:recognition_download": (
        "get",
        url("closing:recognition_download", lambda p: "odt"),
        members_only(200),
    ),
    "closing:recognition_edit": ("get", url("closing:recognition_edit"), core_team_only(200)),
    "closing:recognition_generate": ("post", url("closing:recognition_generate"), core_team_only(302)),
    "closing:recognition_publish": ("post", url("closing:recognition_publish"), core_team_only(302)),
    "closing:transfer": ("get", url("closing:transfer"), core_team_only(200)),
    # Nothing chosen: a message, back to the list.
    "closing:transfer_stakeholder": ("post", url("closing:transfer_stakeholder"), core_team_only(302)),
    "closing:transfer_give": ("get", url("closing:transfer_give", _recipient), core_team_only(200)),
    "closing:transfer_revoke": ("post", url("closing:transfer_revoke", _recipient), core_team_only(302)),
    # No archive built in the world: the page that says so, to anyone holding the link.
    "closing:recipient_download": (
        "get",
        url("closing:recipient_download", lambda p: p.closing_recipient.token),
        everyone(200),
    ),
    "closing:recipient_browse": (
        "get",
        url("closing:recipient_browse", lambda p: p.closing_reader.token, lambda p: "index.html"),
        everyone(200),
    ),
}
