"""What the audit log records: each action's code, the kind it belongs to, and its label.

A code is `<thing>.<what happened>`; `audit.record()` refuses a code that is not listed here,
so every row the log shows has a label in the reader's language.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

KINDS = {
    "membership": _("Memberships"),
    "core_team": _("Core team"),
    "role": _("Roles"),
    "visibility": _("Visibility"),
    "phase": _("Lifecycle phases"),
    "charter": _("Charter"),
    "call": _("Calls for expressions of interest"),
    "theme": _("Themes"),
    "idea": _("Ideas"),
    "deletion": _("Deletions"),
}

ACTIONS = {
    "membership.joined": ("membership", _("Joined the community")),
    "membership.left": ("membership", _("Left the community")),
    "membership.removed": ("membership", _("Removed from the community")),
    "membership.changed": ("membership", _("Membership changed")),
    "join_request.declined": ("membership", _("Request to join declined")),
    "core_team.added": ("core_team", _("Added to the core team")),
    "core_team.removed": ("core_team", _("Taken out of the core team")),
    "role.assigned": ("role", _("Role given")),
    "role.unassigned": ("role", _("Role taken back")),
    "visibility.changed": ("visibility", _("Visibility changed")),
    "phase.moved": ("phase", _("Moved to the next phase")),
    "phase.undone": ("phase", _("Phase change undone")),
    "charter.adopted": ("charter", _("Charter version adopted")),
    "call.application_accepted": ("call", _("Application accepted")),
    "call.application_declined": ("call", _("Application declined")),
    "call.application_contacted": ("call", _("Applicant marked as contacted")),
    "theme.renamed": ("theme", _("Theme renamed")),
    "stakeholder.deleted": ("deletion", _("Stakeholder deleted")),
    "objective.deleted": ("deletion", _("Objective dropped")),
    "network.deleted": ("deletion", _("Existing network deleted")),
    "knowledge_item.deleted": ("deletion", _("Knowledge item deleted")),
    "attachment.deleted": ("deletion", _("Attachment deleted")),
    "theme.deleted": ("deletion", _("Theme deleted")),
    "activity_tag.deleted": ("deletion", _("Community activity deleted")),
    "agenda_item.deleted": ("deletion", _("Launch-day agenda item deleted")),
    "event_agenda_item.deleted": ("deletion", _("Event agenda item deleted")),
    "activity.deleted": ("deletion", _("Calendar activity deleted")),
    "action.deleted": ("deletion", _("Action-plan action deleted")),
    "idea.answered": ("idea", _("Idea answered")),
    "idea.to_action": ("idea", _("Idea turned into an action")),
    "idea.to_proposal": ("idea", _("Idea turned into a proposal")),
    "idea.deleted": ("deletion", _("Idea deleted")),
    "comment.deleted": ("deletion", _("Comment deleted")),
}


def label(action: str) -> str:
    found = ACTIONS.get(action)
    return str(found[1]) if found else action


def codes_of(kind: str) -> list[str]:
    return [code for code, (found, _label) in ACTIONS.items() if found == kind]


def choices() -> list:
    """For a filter: every kind as a group, led by an option that takes the whole kind."""
    grouped = []
    for kind, kind_label in KINDS.items():
        options = [(kind, gettext("%(kind)s — everything") % {"kind": kind_label})]
        options += [(code, str(ACTIONS[code][1])) for code in codes_of(kind)]
        grouped.append((kind_label, options))
    return grouped
