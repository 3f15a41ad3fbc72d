"""Two versions of a text compared line by line, and word by word within a changed line."""

from terreau.core.diff import lines


def kinds(rows):
    return [(row.kind, row.pieces) for row in rows]


def test_a_changed_line_shows_the_words_that_changed():
    rows = lines("Nous décidons à la majorité.", "Nous décidons par consentement.")
    assert kinds(rows) == [
        (
            "changed",
            [("same", "Nous décidons "), ("removed", "à la majorité."), ("added", "par consentement.")],
        )
    ]


def test_lines_added_and_removed_stand_on_their_own():
    rows = lines("Un.\nDeux.", "Un.\nTrois.\nQuatre.")
    assert [row.kind for row in rows] == ["same", "changed", "added"]
    assert kinds(lines("Un.\nDeux.", "Un."))[-1] == ("removed", [("removed", "Deux.")])


def test_a_section_written_from_nothing_is_all_added_and_blank_lines_are_skipped():
    assert [row.kind for row in lines("", "Un.\n\nDeux.")] == ["added", "added", "added"]
    assert [row.kind for row in lines("Un.\n\nDeux.", "Un.\n\nTrois.")] == ["same", "changed"]


def test_without_words_a_changed_line_is_its_removed_line_then_its_added_line():
    rows = lines("Titre\n\nUn.\nDeux.", "Titre v2\n\nUn.\nTrois.", words=False, blank_lines=True)
    assert [(row.kind, row.text) for row in rows] == [
        ("removed", "Titre"),
        ("added", "Titre v2"),
        ("same", ""),
        ("same", "Un."),
        ("removed", "Deux."),
        ("added", "Trois."),
    ]


def test_a_row_reads_as_its_whole_line():
    (changed,) = lines("Nous décidons à la majorité.", "Nous décidons par consentement.")
    assert changed.text == "Nous décidons par consentement."
    removed, added = lines("Nous votons.", "Tout change.", words=False)
    assert (removed.text, added.text) == ("Nous votons.", "Tout change.")


def test_windows_line_ends_are_not_a_change():
    assert [row.kind for row in lines("Un.\r\nDeux.", "Un.\nDeux.")] == ["same", "same"]
