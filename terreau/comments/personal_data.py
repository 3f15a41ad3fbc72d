"""What the comments hold of a person (see core.personal_data).

Exported: the comments they wrote that they may still read (a thing narrowed since is left out,
as everywhere: an export shows no more than its reader may read now).

Erased: nothing goes: their comments are the community's, signed by the neutral name through the
anonymised account. Their name where others typed it in a comment is replaced, whatever its
length (the registry's sweep leaves names shorter than 4 characters alone).
"""

import re

from terreau.communities.models import Community
from terreau.core import personal_data

from . import registry
from .models import Comment


def exporter(user) -> personal_data.Export:
    rows = []
    comments = Comment.objects.filter(author=user).select_related("community").order_by("created_at", "pk")
    communities: dict[int, Community] = {}
    for comment in comments:
        community = communities.setdefault(comment.community_id, comment.community)
        target = registry.target(comment.target_kind, community, comment.target_id)
        if target is None or not _readable(user, community, target):
            continue
        rows.append(
            {
                "community": community.slug,
                "on": target.title,
                "url": target.url,
                "body": comment.body,
                "created_at": comment.created_at,
                "edited_at": comment.edited_at,
            }
        )
    return personal_data.Export({"comments": rows})


def _readable(user, community, target) -> bool:
    from .permissions import can_read

    return can_read(user, community, target)


def eraser(user, neutral_name: str) -> None:
    name = user.display_name.strip()
    if not name:
        return
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    communities = user.memberships.values("community_id")
    for pk, body in Comment.objects.filter(community_id__in=communities, body__icontains=name).values_list(
        "pk", "body"
    ):
        new = pattern.sub(neutral_name, body)
        if new != body:
            Comment.objects.filter(pk=pk).update(body=new)
