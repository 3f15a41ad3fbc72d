"""Writes of the exchanges: questions, answers, help, kudos, follows, notifications, the rhythm.

One module per sub-domain; callers keep `from terreau.exchanges import services` and
`services.question_ask(...)`, so every public name is re-exported here.

Two of them carry what happens in the other apps: `notify()` (tell members something, within
their rhythm) and `feed_record()` (add a line to the community's activity feed). The other apps
do not call them: they announce events (`terreau.core.events`), which `subscribers.py` answers.
"""

from .follows import follow_toggle
from .help import help_post_create, help_set_status, help_step_in
from .knowledge import KNOWLEDGE_TYPES, question_to_knowledge
from .kudos import kudos_give
from .mentions import MENTION, handle, mentioned
from .notifications import feed_record, notifications_mark_read, notify
from .questions import answer_accept, answer_post, answer_vote, question_ask
from .weekly import member_welcome, policy_update, preference_update, unsubscribe, weekly_message_send

__all__ = [
    "KNOWLEDGE_TYPES",
    "MENTION",
    "answer_accept",
    "answer_post",
    "answer_vote",
    "feed_record",
    "follow_toggle",
    "handle",
    "help_post_create",
    "help_set_status",
    "help_step_in",
    "kudos_give",
    "member_welcome",
    "mentioned",
    "notifications_mark_read",
    "notify",
    "policy_update",
    "preference_update",
    "question_ask",
    "question_to_knowledge",
    "unsubscribe",
    "weekly_message_send",
]
