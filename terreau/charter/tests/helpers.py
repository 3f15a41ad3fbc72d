from terreau.charter import services
from terreau.decisions.tests.helpers import run_to_adoption


def write(cast, *texts, actor=None, community=None, **more):
    """Save one version per purpose text, each on top of the previous one; returns the last."""
    community = community or cast.community
    version = None
    for text in texts:
        base = version.number if version else 0
        version = services.charter_save(
            community=community, actor=actor or cast.core_member, sections={"purpose": text, **more}, base_number=base
        )
    return version


def adopt(cast, number, community=None):
    """Submit the version and run its consent decision to adoption (the core team consents)."""
    community = community or cast.community
    run_to_adoption(services.charter_submit(community=community, number=number, actor=cast.core_member))
    return community.charter.versions.get(number=number)
