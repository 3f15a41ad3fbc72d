from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.communities.forms import member_field_resolve, member_picker_field
from terreau.communities.models import Community, Membership
from terreau.core.forms import FormattedTextarea

from .models import CARD_MAX, RECORD_MAX, TITLE_MAX, Column, Retrospective
from .services import MAX_HAND_VOTES, MAX_VOTES


class RetrospectiveForm(forms.ModelForm):
    class Meta:
        model = Retrospective
        fields = ["title", "visibility", "votes_per_member"]
        widgets = {"visibility": forms.RadioSelect}
        labels = {"visibility": _("Who may read it"), "votes_per_member": _("Votes per member")}
        help_texts = {
            "title": _("For instance: “Our community, if we had to do it again”."),
            "votes_per_member": _("Each member spreads them over the cards and groups they find most important."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["votes_per_member"].widget.attrs.update({"min": 1, "max": MAX_VOTES})
        self.fields["votes_per_member"].min_value = 1
        self.fields["votes_per_member"].max_value = MAX_VOTES


def _column_field(**kwargs):
    return forms.ChoiceField(label=_("Column"), choices=Column.choices, **kwargs)


class CardForm(forms.Form):
    column = _column_field(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Your card"), max_length=CARD_MAX, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, column: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if column:
            self.initial["column"] = column
            # The column's heading and question name the field (the question is under the heading).
            self.fields["text"].widget.attrs["aria-describedby"] = f"column-{column}-question"
        self.fields["text"].widget.attrs["maxlength"] = CARD_MAX


class CardEditForm(forms.Form):
    column = _column_field(widget=forms.RadioSelect)
    text = forms.CharField(label=_("Card"), max_length=CARD_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class RoomCardForm(forms.Form):
    """Live mode: the facilitator types what the room says, in any column, signed by nobody or a member."""

    column = _column_field(widget=forms.RadioSelect)
    text = forms.CharField(label=_("Card"), max_length=CARD_MAX, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        # The picker's text is `author_member`; a member chosen among its answers comes as `author`.
        self.fields["author_member"] = member_picker_field(community, choice_name="author", label=_("Said by"))
        self.fields["author_member"].help_text = _(
            "Optional. Left empty, the card is the room's; type a name to sign it with a member's."
        )

    def clean(self):
        cleaned = super().clean()
        choice = str(self.data.get("author") or "")
        if choice:
            cleaned["author"] = Membership.objects.filter(
                community=self.community, status=Membership.Status.ACTIVE, pk=int(choice) if choice.isdigit() else None
            ).first()
            if cleaned["author"] is None:
                self.add_error("author_member", _("Choose a member of this community, or nobody."))
        else:
            cleaned["author"] = member_field_resolve(self, self.community, "author_member")
        return cleaned


class GroupForm(forms.Form):
    column = _column_field(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title of the group"), max_length=TITLE_MAX)
    cards = forms.TypedMultipleChoiceField(label=_("Cards to group"), coerce=int, widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cards"].choices = list(choices)


class RecordForm(forms.Form):
    record = forms.CharField(
        label=_("Record"),
        max_length=RECORD_MAX,
        widget=FormattedTextarea(attrs={"rows": 18}),
        help_text=_(
            "Pre-filled from the cards and groups with the most votes in each column: keep what matters, "
            "add what the community decides to do next."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def hand_counts(data, columns) -> tuple[dict[int, int], dict[int, int], list[str]]:
    """The room's counts posted as `count-card-<pk>` and `count-group-<pk>`: (cards, groups, errors)."""
    cards: dict[int, int] = {}
    groups: dict[int, int] = {}
    errors: list[str] = []
    for column in columns:
        for item in column.items:
            raw = data.get(f"count-{item.key}")
            if raw is None:
                continue  # not on the page that was sent: its count stays
            raw = raw.strip() or "0"
            try:
                value = int(raw)
            except ValueError:
                errors.append(item.key)
                continue
            if not 0 <= value <= MAX_HAND_VOTES:
                errors.append(item.key)
                continue
            if item.group is not None:
                groups[item.group.pk] = value
            else:
                cards[item.card.pk] = value
    return cards, groups, errors
