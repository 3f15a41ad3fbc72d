import io
import zipfile

import docx
import pytest
from lxml import etree
from odf import teletype
from odf.opendocument import load
from odf.table import TableCell
from odf.text import H, P

from terreau.core.documents import Document, column_widths, parse_markdown, runs, text_width_cm


def sample() -> Document:
    document = Document("Charte de la communauté")
    document.heading("Raison d'être", level=1)
    document.markdown(
        "Partager les **pratiques** entre GAL.\n\n- un marché\n- une *cantine*\n\n### Détail\n\n1. premier"
    )
    document.table(["Membre", "Animation"], [["Sophie Lambert", "x"]])
    return document


def test_a_markdown_pipe_table_becomes_a_table():
    blocks = parse_markdown("Avant.\n\n| Qui | Quoi |\n|---|:---:|\n| Marc | **animation** |\n| seul |\nAprès.")
    assert [block.kind for block in blocks] == ["paragraph", "table", "paragraph"]
    assert blocks[1].header == ["Qui", "Quoi"]
    assert blocks[1].rows == [["Marc", "**animation**"], ["seul", ""]]
    document = Document("Charte")
    document.markdown("| Qui | Quoi |\n|---|---|\n| Marc | animation |")
    assert docx.Document(io.BytesIO(document.docx())).tables[0].cell(1, 1).text == "animation"
    cells = [teletype.extractText(c) for c in load(io.BytesIO(document.odt())).getElementsByType(TableCell)]
    assert cells == ["Qui", "Quoi", "Marc", "animation"]


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


# What a partner sees when the file is opened: pages, lists, links, tables, title page. ---------

ODF = {
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORD = {"w": W, "r": R}


def xml(content: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return etree.fromstring(archive.read(name))


def letter() -> Document:
    document = Document("Dossier de lancement", community="Circuits courts", date="29 novembre 2026")
    document.heading("Charte", level=1)
    document.markdown(
        "Avec le [Collège des producteurs](https://example.org/college) et https://terreau.example/fiches.\n\n"
        "- un marché\n- une cantine\n\n1. premier\n2. second\n\nEntre-deux.\n\n1. encore"
    )
    document.table(
        ["Rôle", "Heures par mois", "Assuré par"],
        [["Personne-ressource thématique", "2,5 h", "Marie-Christine Vandenbroucke-Delacroix"]],
    )
    return document


def test_both_formats_print_on_a4_with_margins():
    layout = xml(letter().odt(), "styles.xml").find(".//style:page-layout-properties", ODF)
    assert layout.get(f"{{{ODF['fo']}}}page-width") == "21.0cm"
    assert layout.get(f"{{{ODF['fo']}}}page-height") == "29.7cm"
    assert layout.get(f"{{{ODF['fo']}}}margin-left") == "2.0cm"
    size = xml(letter().docx(), "word/document.xml").find(".//w:sectPr/w:pgSz", WORD)
    # 21 × 29.7 cm in twentieths of a point (Letter would be 12240 × 15840).
    assert (int(size.get(f"{{{W}}}w")), int(size.get(f"{{{W}}}h"))) == (11906, 16838)


def test_the_title_page_names_the_community_the_document_and_the_date_then_turns_the_page():
    content = letter().odt()
    body = xml(content, "content.xml").find(".//office:text", ODF)
    first = [teletype.extractText(p) for p in load(io.BytesIO(content)).text.getElementsByType(P)][:3]
    assert first == ["Circuits courts", "Dossier de lancement", "29 novembre 2026"]
    automatic = {
        style.get(f"{{{ODF['style']}}}name"): style
        for style in xml(content, "content.xml").iterfind(".//office:automatic-styles/style:style", ODF)
    }
    date_style = automatic[body.findall("text:p", ODF)[2].get(f"{{{ODF['text']}}}style-name")]
    assert date_style.find("style:paragraph-properties", ODF).get(f"{{{ODF['fo']}}}break-after") == "page"

    word = docx.Document(io.BytesIO(letter().docx()))
    assert [p.text for p in word.paragraphs[:3]] == ["Circuits courts", "Dossier de lancement", "29 novembre 2026"]
    assert word.paragraphs[1].style.name == "Title"
    assert word.paragraphs[2]._p.find(".//w:br[@w:type='page']", WORD) is not None
    assert word.sections[0].different_first_page_header_footer  # no footer on the title page


def test_headings_use_the_heading_styles_a_navigator_lists():
    content = xml(letter().odt(), "content.xml")
    heading = content.find(".//text:h", ODF)
    assert heading.get(f"{{{ODF['text']}}}style-name") == "Heading_20_1"
    assert heading.get(f"{{{ODF['text']}}}outline-level") == "1"
    word = docx.Document(io.BytesIO(letter().docx()))
    assert [p.style.name for p in word.paragraphs if p.text == "Charte"] == ["Heading 1"]


def test_a_bullet_list_is_a_real_list_with_a_single_bullet():
    content = letter().odt()
    items = [teletype.extractText(p) for p in load(io.BytesIO(content)).text.getElementsByType(P)]
    assert "un marché" in items and not any(text.startswith("•") for text in items)
    tree = xml(content, "content.xml")
    bullet_list = tree.find(".//text:list", ODF)
    style_name = bullet_list.get(f"{{{ODF['text']}}}style-name")
    list_style = xml(content, "styles.xml").find(f".//text:list-style[@style:name='{style_name}']", ODF)
    assert list_style.find("text:list-level-style-bullet", ODF).get(f"{{{ODF['text']}}}bullet-char") == "•"

    word = docx.Document(io.BytesIO(letter().docx()))
    bullets = [p for p in word.paragraphs if p.style.name == "List Bullet"]
    assert [p.text for p in bullets] == ["un marché", "une cantine"]
    # Drawn with Arial's "•", not the template's Symbol glyph that shows as a square without Symbol.
    numbering = xml(letter().docx(), "word/numbering.xml")
    level = numbering.xpath(".//w:lvl[w:pStyle/@w:val='ListBullet']", namespaces=WORD)[0]
    assert level.find("w:lvlText", WORD).get(f"{{{W}}}val") == "•"


def test_each_numbered_list_counts_from_one_in_word():
    word = docx.Document(io.BytesIO(letter().docx()))
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    ids = [p._p.find("w:pPr/w:numPr/w:numId", WORD).get(f"{{{W}}}val") for p in numbered]
    assert ids[0] == ids[1] != ids[2]  # "premier", "second", then a new list: "encore" is 1 again
    odt_lists = xml(letter().odt(), "content.xml").findall(".//text:list", ODF)
    assert len(odt_lists) == 3


def test_markdown_links_become_links_that_open_the_address():
    content = letter().odt()
    links = xml(content, "content.xml").findall(".//text:a", ODF)
    assert [(a.get(f"{{{ODF['xlink']}}}href"), "".join(a.itertext())) for a in links] == [
        ("https://example.org/college", "Collège des producteurs"),
        ("https://terreau.example/fiches", "https://terreau.example/fiches"),  # the full stop stays outside
    ]
    text = "\n".join(teletype.extractText(p) for p in load(io.BytesIO(content)).text.getElementsByType(P))
    assert "](" not in text and "[Collège" not in text

    word = docx.Document(io.BytesIO(letter().docx()))
    relations = word.part.rels
    found = [
        (relations[link.get(f"{{{R}}}id")].target_ref, "".join(t.text for t in link.iterfind(".//w:t", WORD)))
        for link in word.element.body.iterfind(".//w:hyperlink", WORD)
    ]
    assert found == [
        ("https://example.org/college", "Collège des producteurs"),
        ("https://terreau.example/fiches", "https://terreau.example/fiches"),
    ]
    assert "](" not in "\n".join(p.text for p in word.paragraphs)


def test_only_web_and_mail_addresses_become_links():
    assert [run.url for run in runs("[clic](javascript:alert(1)) [écrire](mailto:a@b.be)")] == ["", "", "mailto:a@b.be"]


def test_tables_have_borders_and_fill_the_text_width():
    content = letter().odt()
    tree = xml(content, "content.xml")
    automatic = {
        s.get(f"{{{ODF['style']}}}name"): s for s in tree.iterfind(".//office:automatic-styles/style:style", ODF)
    }
    cells = tree.findall(".//table:table-cell", ODF)
    for cell in cells:
        properties = automatic[cell.get(f"{{{ODF['table']}}}style-name")].find("style:table-cell-properties", ODF)
        assert "solid" in properties.get(f"{{{ODF['fo']}}}border")
    table_style = automatic[tree.find(".//table:table", ODF).get(f"{{{ODF['table']}}}style-name")]
    assert table_style[0].get(f"{{{ODF['table']}}}border-model") == "collapsing"  # one line between two cells
    columns = tree.findall(".//table:table-column", ODF)
    widths = [
        float(automatic[c.get(f"{{{ODF['table']}}}style-name")][0].get(f"{{{ODF['style']}}}column-width")[:-2])
        for c in columns
    ]
    assert sum(widths) == pytest.approx(17, abs=0.05)

    word = xml(letter().docx(), "word/document.xml")
    table = word.find(".//w:tbl", WORD)
    assert table.find("w:tblPr/w:tblStyle", WORD).get(f"{{{W}}}val") == "TableGrid"  # a border on every cell
    assert table.find("w:tblPr/w:tblW", WORD).get(f"{{{W}}}w") == "9638"  # 17 cm
    assert table.find("w:tblPr/w:tblLayout", WORD).get(f"{{{W}}}type") == "fixed"
    grid = [int(col.get(f"{{{W}}}w")) for col in table.iterfind("w:tblGrid/w:gridCol", WORD)]
    assert sum(grid) == pytest.approx(9638, abs=3)


def test_a_column_is_never_narrower_than_its_longest_word():
    header = ["Membre", *[f"Rôle {n}" for n in range(8)]]
    rows = [["Marie-Christine Vandenbroucke-Delacroix", *["x"] * 8]]
    widths = column_widths(header, rows)
    assert sum(widths) == pytest.approx(17)
    assert widths[0] >= text_width_cm("Marie-Christine") and widths[0] >= text_width_cm("Vandenbroucke-Delacroix")
    assert all(width >= text_width_cm("Rôle", bold=True) for width in widths[1:])


def test_a_document_without_community_or_date_still_has_its_title_page():
    document = Document("Bilan")
    document.paragraph("Le bilan.")
    paragraphs = [teletype.extractText(p) for p in load(io.BytesIO(document.odt())).text.getElementsByType(P)]
    assert paragraphs[:2] == ["Bilan", "Le bilan."]
    word = docx.Document(io.BytesIO(document.docx()))
    assert [p.text for p in word.paragraphs[:2]] == ["Bilan", "Le bilan."]
    assert word.paragraphs[0].style.name == "Title"
