"""What the close phase does when the community is closed, and when its archive is built."""

from terreau.archive.models import Scope
from terreau.communities.models import Phase

from . import services


def community_closed(*, community, actor) -> None:
    """Record the close, and ask for the public and the members' archives."""
    services.closure_record(actor=actor, community=community)
    services.archives_request(actor=actor, community=community)


def archive_ready(*, community, archive, scope, actor, visibility, url) -> None:
    """The members' archive of a closed community is built: tell its members where it is, once."""
    if scope == Scope.MEMBERS and community.phase == Phase.CLOSED:
        services.members_tell(community=community, archive_url=url)
