"""Every form renders its fields through one template (settings.FORM_RENDERER): labelled, with its
help and errors named in aria-describedby, aria-invalid when wrong, choices grouped in a fieldset."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from terreau.core.forms import FormattedTextarea


class Sample(forms.Form):
    name = forms.CharField(label="Name", help_text="As colleagues know you.")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "Apple"), ("b", "Pear")], widget=forms.RadioSelect)
    themes = forms.MultipleChoiceField(
        label="Themes", required=False, choices=[("x", "Logistics")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="I agree", required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


class Marked(Sample):
    mark_required_fields = True


def squash(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_text_field_is_labelled_and_names_its_help_and_its_error():
    form = Sample({"name": "", "kind": "a"})
    html = squash(form["name"].as_field_group())
    assert html.startswith('<div class="field invalid"><label for="id_name">Name:</label>')
    assert 'aria-describedby="id_name_helptext id_name_error"' in html and 'aria-invalid="true"' in html
    assert '<p class="help" id="id_name_helptext">As colleagues know you.</p>' in html
    assert '<div class="field-errors" id="id_name_error"><p>This field is required.</p></div>' in html


def test_a_group_of_choices_is_a_fieldset_named_by_its_legend():
    form = Sample({"name": "Léa"})
    kind, themes = squash(form["kind"].as_field_group()), squash(form["themes"].as_field_group())
    assert '<fieldset aria-describedby="id_kind_error"><legend>Kind <span class="req">*</span></legend>' in kind
    assert (
        '<div class="choice"><input type="radio" name="kind" value="a" id="id_kind_0" required aria-invalid="true">'
        in kind
    )
    assert '<label for="id_kind_0">Apple</label></div>' in kind
    assert themes.startswith('<div class="field"><fieldset><legend>Themes</legend><div class="choice">')
    assert '<label for="id_themes_0">Logistics</label>' in themes


def test_a_single_box_comes_before_its_label():
    html = squash(Sample()["agree"].as_field_group())
    assert html == (
        '<div class="field"><div class="choice"><input type="checkbox" name="agree" id="id_agree">'
        '<label for="id_agree">I agree</label></div></div>'
    )


def test_a_form_that_marks_required_fields_marks_them_and_only_them():
    form = Marked()
    assert '<label for="id_name">Name <span class="req">*</span></label>' in squash(form["name"].as_field_group())
    assert squash(form["agree"].as_field_group()).count("req") == 0


def test_a_whole_form_renders_the_same_through_its_include_and_on_its_own():
    form = Sample({"name": "", "kind": "z"})
    form.add_error(None, "Something is off.")
    included = Template('{% include "includes/form.html" %}').render(Context({"form": form}))
    assert squash(included) == squash(form.render())
    html = squash(form.render())
    assert html.startswith('<div class="errors" role="alert"><p>Something is off.</p></div>')
    assert '<input type="hidden" name="secret" id="id_secret">' in html
    assert len(re.findall(r'<div class="field( invalid)?">', html)) == 4  # the hidden one has none


@pytest.mark.django_db
def test_a_checkbox_group_on_a_page_is_named_and_described(client, cast):
    client.force_login(cast.member)
    html = squash(client.get(reverse("exchanges:preferences", args=[cast.community.slug])).content.decode())
    assert '<fieldset aria-describedby="id_unsubscribed_kinds_helptext"><legend>' in html
    assert '<p class="help" id="id_unsubscribed_kinds_helptext">' in html


# Formatting help ---------------------------------------------------------------------------------

FORMATTED_PAGES = [
    ("exchanges:question_create", ()),
    ("exchanges:help_create", ()),
    ("exchanges:weekly", ()),
    ("exchanges:policy", ()),
    ("knowledge:item_create", ("good_practice",)),
    ("knowledge:item_create", ("article",)),
    ("knowledge:item_create", ("lessons_learned",)),
    ("lifecycle:answer", ("define.needs",)),
    ("charter:edit", ()),
    ("definition:scope_edit", ()),
    ("launch:activity_create", ()),
    ("launch:action_create", ()),
    ("calls:create", ()),
]


def test_the_formatting_help_speaks_plain_words_and_folds_under_the_box():
    class Note(forms.Form):
        text = forms.CharField(widget=FormattedTextarea)

    with translation.override("en"):
        html = squash(Note().as_div())
    assert '<textarea name="text"' in html
    details = html[html.index('<details class="formatting-help">') :]
    assert "<summary>Formatting</summary>" in details
    assert "<code>*italics*</code></td><td><em>italics</em>" in details
    assert "<code>**bold**</code></td><td><strong>bold</strong>" in details
    assert "<code>- an item of a list</code>" in details
    assert "<code>[a link](https://example.org)</code>" in details
    assert "Markdown" not in html and "<script" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), FORMATTED_PAGES)
def test_every_formatted_text_box_has_the_plain_formatting_help_and_no_markdown_jargon(client, cast, name, args):
    client.force_login(cast.core_member)
    with translation.override("en"):
        response = client.get(reverse(name, args=[cast.community.slug, *args]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="formatting-help"') >= 1
    assert "Markdown:" not in html and "Markdown." not in html and "in Markdown" not in html
