from terreau.charter.diff import lines


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
