from terreau.charter import services


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
    return services.charter_adopt(community=community or cast.community, number=number, actor=cast.core_member)
