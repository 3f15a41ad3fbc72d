"""An evaluation as an office document (.odt, .docx): to print, to send to the LAG's board."""

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from terreau.core.documents import Document, export_filename

from . import selectors
from .models import Evaluation


def _value(value) -> str:
    if value is None:
        return "—"
    return str(floatformat(value, -1))


def document(evaluation: Evaluation, *, notes: bool) -> Document:
    """`evaluation` as the page shows it (joined by selectors.evaluation_for); `notes`: the
    interviews' notes included (the core team's copy)."""
    period = _("From %(start)s to %(end)s") % {
        "start": date_format(evaluation.period_start, "DATE_FORMAT"),
        "end": date_format(evaluation.period_end, "DATE_FORMAT"),
    }
    doc = Document(
        str(evaluation),
        community=evaluation.community.name,
        subtitle=f"{period} · {evaluation.get_status_display()}",
        date=date_format(evaluation.concluded_at or evaluation.due_on, "DATE_FORMAT"),
    )
    doc.heading(_("Figures of the period"), level=1)
    figures = selectors.figures(evaluation)
    if figures:
        doc.table(
            [_("Figure"), _("This period"), _("Period before")],
            [
                [
                    f["label"],
                    f"{_value(f['value'])} {f['unit']}".strip(),
                    f"{_value(f['previous'])} {f['unit']}".strip(),
                ]
                for f in figures
            ],
        )
    else:
        doc.paragraph(_("No figure for this period."))
    doc.heading(_("Surveys"), level=1)
    surveys = selectors.survey_summaries(evaluation)
    for survey in surveys:
        doc.heading(survey["title"], level=2)
        doc.paragraph(_("%(count)s responses") % {"count": survey["responses"]})
        for question, line in survey["lines"]:
            doc.bullet(f"{question}: **{line}**")
    if not surveys:
        doc.paragraph(_("No survey in this period."))
    doc.heading(_("Interviews"), level=1)
    interviews = list(evaluation.interviews.all())
    for interview in interviews:
        who = interview.who
        by = interview.interviewer.user.display_name if interview.interviewer else ""
        line = _("%(who)s, on %(date)s") % {"who": who, "date": date_format(interview.held_on, "DATE_FORMAT")}
        doc.heading(f"{line}" + (f" ({_('by %(name)s') % {'name': by}})" if by else ""), level=2)
        if notes:
            doc.markdown(interview.notes, base_level=3)
    if not interviews:
        doc.paragraph(_("No interview recorded."))
    doc.heading(_("The team's assessment"), level=1)
    for axis in evaluation.axes:
        doc.heading(str(axis["label"]), level=2)
        if axis["rating"]:
            doc.paragraph(f"*{axis['rating_label']}*")
        doc.markdown(axis["text"] or _("Not assessed."), base_level=3)
    if evaluation.conclusion:
        doc.heading(_("In a few words"), level=2)
        doc.markdown(evaluation.conclusion, base_level=3)
    doc.heading(_("Renewal plan"), level=1)
    rows = [
        [
            str(heading["label"]),
            item.text,
            item.owner.user.display_name if item.owner else "",
            date_format(item.due_date, "SHORT_DATE_FORMAT") if item.due_date else "",
            item.action.get_status_display() if item.action else "",
        ]
        for heading in selectors.renewal_plan(evaluation)
        for item in heading["items"]
    ]
    if rows:
        doc.table([_("Heading"), _("What changes"), _("Who"), _("Due date"), _("Action")], rows)
    else:
        doc.paragraph(_("The renewal plan is empty."))
    return doc


def filename(evaluation: Evaluation, extension: str) -> str:
    return export_filename(
        _("evaluation-%(months)s-months") % {"months": evaluation.months}, evaluation.community.slug, extension
    )
