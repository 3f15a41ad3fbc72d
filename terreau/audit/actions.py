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
    "decision": _("Decisions by consent"),
    "theme": _("Themes"),
    "evaluation": _("Evaluations"),
    "deletion": _("Deletions"),
    "survey": _("Surveys"),
    "action": _("Action plan"),
    "circle": _("Circles"),
    "idea": _("Ideas"),
    "closing": _("Closing the community"),
    "archive": _("Archives"),
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
    "role.elected": ("role", _("Elected without candidates")),
    "election.cancelled": ("role", _("Election without candidates cancelled")),
    "role_call.volunteer_declined": ("role", _("Role volunteer declined")),
    "visibility.changed": ("visibility", _("Visibility changed")),
    "phase.moved": ("phase", _("Moved to the next phase")),
    "phase.undone": ("phase", _("Phase change undone")),
    "charter.adopted": ("charter", _("Charter version adopted")),
    "decision.adopted": ("decision", _("Decision adopted by consent")),
    "decision.withdrawn": ("decision", _("Proposal withdrawn")),
    "call.application_accepted": ("call", _("Application accepted")),
    "call.application_declined": ("call", _("Application declined")),
    "call.application_contacted": ("call", _("Applicant marked as contacted")),
    "theme.renamed": ("theme", _("Theme renamed")),
    "evaluation.concluded": ("evaluation", _("Evaluation concluded")),
    "evaluation.reopened": ("evaluation", _("Evaluation reopened")),
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
    "interview.deleted": ("deletion", _("Evaluation interview deleted")),
    "renewal_item.deleted": ("deletion", _("Renewal-plan item deleted")),
    "survey.opened": ("survey", _("Survey opened")),
    "survey.closed": ("survey", _("Survey closed")),
    "survey.deleted": ("deletion", _("Survey deleted")),
    "action.updated": ("action", _("Action updated by its owner or the core team")),
    "circle.created": ("circle", _("Circle created")),
    "circle.changed": ("circle", _("Circle changed")),
    "circle.closed": ("circle", _("Circle closed")),
    "circle.member_added": ("circle", _("Added to a circle")),
    "circle.member_removed": ("circle", _("Taken out of a circle")),
    "circle.coordinator_set": ("circle", _("Circle coordinator named")),
    "circle.request_decided": ("circle", _("Request to join a circle decided")),
    "circle.lead_link_set": ("circle", _("Lead link named")),
    "circle.representative_set": ("circle", _("Representative recorded")),
    "idea.answered": ("idea", _("Idea answered")),
    "idea.to_action": ("idea", _("Idea turned into an action")),
    "idea.to_proposal": ("idea", _("Idea turned into a proposal")),
    "idea.deleted": ("deletion", _("Idea deleted")),
    "comment.deleted": ("deletion", _("Comment deleted")),
    "recognition.published": ("closing", _("Recognition document published")),
    "recipient.added": ("closing", _("Organisation added to the transfer")),
    "transfer.given": ("closing", _("Knowledge given to an organisation")),
    "transfer.revoked": ("closing", _("Read access taken back")),
    "community.imported": ("archive", _("Community created from an archive")),
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
