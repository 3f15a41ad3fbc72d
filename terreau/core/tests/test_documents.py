import io

import docx
from odf import teletype
from odf.opendocument import load
from odf.table import TableCell
from odf.text import H, P

from terreau.core.documents import Document, parse_markdown


def sample() -> Document:
    document = Document("Charte de la communauté")
    document.heading("Raison d'être", level=1)
    document.markdown(
        "Partager les **pratiques** entre GAL.\n\n- un marché\n- une *cantine*\n\n### Détail\n\n1. premier"
    )
    document.table(["Membre", "Animation"], [["Sophie Lambert", "x"]])
    return document


def test_markdown_blocks_become_headings_paragraphs_and_lists():
    kinds = [block.kind for block in parse_markdown("# T\n\npara\nsuite\n\n- a\n- b\n\n1. c")]
    assert kinds == ["heading", "paragraph", "bullet", "bullet", "number"]


def test_the_word_document_opens_in_python_docx():
    opened = docx.Document(io.BytesIO(sample().docx()))
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "Charte de la communauté" in text and "Raison d'être" in text
    assert "Partager les pratiques entre GAL." in text and "une cantine" in text
    assert opened.tables[0].cell(1, 0).text == "Sophie Lambert"
    bold = [run.text for p in opened.paragraphs for run in p.runs if run.bold]
    assert "pratiques" in bold


def test_the_opendocument_text_opens_in_odfpy():
    opened = load(io.BytesIO(sample().odt()))
    headings = [teletype.extractText(h) for h in opened.getElementsByType(H)]
    paragraphs = [teletype.extractText(p) for p in opened.getElementsByType(P)]
    assert "Raison d'être" in headings and "Détail" in headings
    assert "Partager les pratiques entre GAL." in paragraphs
    assert "Sophie Lambert" in [teletype.extractText(c) for c in opened.getElementsByType(TableCell)]
