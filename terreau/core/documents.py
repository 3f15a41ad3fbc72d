"""Office documents (OpenDocument text and Word) built from headings, Markdown and tables.

The same `Document` feeds both writers, so a charter or a launch pack opens the same way in
LibreOffice and in Word: A4 pages, a title page (community, title, date), real heading styles (the
navigator and a table of contents find them), real lists, bordered tables whose columns are wide
enough for their longest word, and links that can be clicked. Markdown is read at block level
(headings, paragraphs, bullet and numbered lists) with **bold**, *italic*, [links](https://…) and
bare https:// addresses inline; anything richer stays as its text.
"""

import io
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import translation
from django.utils.text import slugify

# A4 portrait with 2 cm margins: the text is 17 cm wide.
PAGE_WIDTH_CM = 21.0
PAGE_HEIGHT_CM = 29.7
MARGIN_CM = 2.0
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM
# Installed wherever Word runs; LibreOffice draws it with the metric-compatible Liberation Sans.
FONT = "Arial"
BODY_PT = 11
TABLE_PT = 10
ACCENT = "1F4E5F"  # headings and links: a dark teal, readable in print and on screen
TABLE_BORDER = "808080"
TABLE_HEADER_FILL = "E7EEF0"

LINK_SCHEMES = ("http://", "https://", "mailto:")
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
INLINE = re.compile(
    r"(\*\*[^*]+\*\*"  # **bold**
    r"|__[^_]+__"  # __bold__
    r"|\[[^\]]+\]\([^)\s]+\)"  # [text](address)
    r"|<(?:https?://|mailto:)[^>\s]+>"  # <https://…>
    r"|https?://[^\s<>()\[\]]+"  # a bare address
    r"|\*[^*]+\*"  # *italic*
    r"|(?<!\w)_[^_]+_(?!\w))"  # _italic_, not the inside of snake_case
)


class Run(NamedTuple):
    text: str
    bold: bool = False
    italic: bool = False
    url: str = ""


@dataclass
class Block:
    kind: str  # heading, paragraph, bullet, number, table
    text: str = ""
    level: int = 1
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def runs(text: str, bold: bool = False, italic: bool = False) -> list[Run]:
    """Split inline Markdown into runs of text, each bold, italic and/or a link."""
    parts: list[Run] = []
    for piece in INLINE.split(text or ""):
        if not piece:
            continue
        link = MARKDOWN_LINK.fullmatch(piece)
        if len(piece) > 4 and piece[:2] in ("**", "__") and piece[-2:] == piece[:2]:
            parts += runs(piece[2:-2], True, italic)
        elif link:
            label, url = link.groups()
            inner = runs(label, bold, italic)
            # Only web and mail addresses become links: a document is no place for javascript:.
            parts += [run._replace(url=url) for run in inner] if url.startswith(LINK_SCHEMES) else inner
        elif piece.startswith("<") and piece.endswith(">"):
            parts.append(Run(piece[1:-1], bold, italic, piece[1:-1]))
        elif piece.startswith(("http://", "https://")):
            url = piece.rstrip(".,;:!?'\"")  # the sentence's punctuation is not part of the address
            parts.append(Run(url, bold, italic, url))
            if piece[len(url) :]:
                parts.append(Run(piece[len(url) :], bold, italic))
        elif len(piece) > 2 and piece[0] in "*_" and piece[-1] == piece[0]:
            parts += runs(piece[1:-1], bold, True)
        else:
            parts.append(Run(piece, bold, italic))
    return parts


def plain(text: str) -> str:
    """The text without its inline Markdown (for headings and widths)."""
    return "".join(run.text for run in runs(text))


TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def _cells(line: str) -> list[str]:
    """The cells of a pipe-table row: `| a | b |` → ["a", "b"] (`\\|` stays a pipe)."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]


def parse_markdown(text: str, base_level: int = 1) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            blocks.append(Block("paragraph", " ".join(line.strip() for line in paragraph)))
            paragraph.clear()

    lines = (text or "").replace("\r\n", "\n").split("\n")
    index = 0
    while index < len(lines):
        stripped = lines[index].strip()
        index += 1
        following = lines[index].strip() if index < len(lines) else ""
        if stripped.startswith("|") and TABLE_RULE.match(following):
            # A pipe table, as the site's Markdown (extra) draws it.
            flush()
            header, rows = _cells(stripped), []
            index += 1
            while index < len(lines) and lines[index].strip().startswith("|"):
                rows.append((_cells(lines[index].strip()) + [""] * len(header))[: len(header)])
                index += 1
            blocks.append(Block("table", header=header, rows=rows))
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", stripped)
        bullet = re.match(r"^[-*+•]\s+(.*)$", stripped)
        number = re.match(r"^\d+[.)]\s+(.*)$", stripped)
        if not stripped:
            flush()
        elif heading:
            flush()
            level = min(3, base_level + len(heading.group(1)) - 1)
            blocks.append(Block("heading", heading.group(2), level=level))
        elif bullet:
            flush()
            blocks.append(Block("bullet", bullet.group(1)))
        elif number:
            flush()
            blocks.append(Block("number", number.group(1)))
        else:
            paragraph.append(stripped)
    flush()
    return blocks


def _em(char: str, bold: bool) -> float:
    """About how wide a character of Arial is, in ems (from the font's own widths, rounded up)."""
    if char in "il.,;:'|!":
        return 0.3
    if char in "fjrtI -()/":
        return 0.4 if bold else 0.34
    if char in "mwMW":
        return 0.9
    if char.isupper():
        return 0.73
    return 0.62 if bold else 0.56


def text_width_cm(text: str, size_pt: float = TABLE_PT, bold: bool = False) -> float:
    """About how wide `text` is in Arial at `size_pt`."""
    return sum(_em(char, bold) for char in text) * size_pt / 72 * 2.54


CELL_PADDING_CM = 0.45  # both sides, with room to spare


def column_widths(header: list[str], rows: list[list[str]], total: float = TEXT_WIDTH_CM) -> list[float]:
    """Column widths (cm) filling `total`: every column at least as wide as its longest word, so a
    name never breaks in the middle; what is left goes to the columns whose text wraps."""
    count = max(1, len(header))
    shortest = [CELL_PADDING_CM] * count
    natural = [CELL_PADDING_CM] * count
    for index, row in enumerate([header, *rows]):
        for column, value in enumerate(row[:count]):
            text = plain(value)
            words = max((text_width_cm(word, bold=index == 0) for word in text.split()), default=0)
            shortest[column] = max(shortest[column], words + CELL_PADDING_CM)
            natural[column] = max(natural[column], text_width_cm(text, bold=index == 0) + CELL_PADDING_CM)
    if sum(natural) <= total:
        return [width * total / sum(natural) for width in natural]
    if sum(shortest) >= total:
        return [width * total / sum(shortest) for width in shortest]
    spare = total - sum(shortest)
    wrapping = sum(n - s for n, s in zip(natural, shortest, strict=True))
    return [s + spare * (n - s) / wrapping for n, s in zip(natural, shortest, strict=True)]


def export_filename(prefix: str, slug: str, extension: str) -> str:
    """`charte-circuits-courts.odt`: a translated prefix first, so every export a person downloads
    is named in the language of their interface."""
    return f"{slugify(prefix)}-{slug}.{extension}"


def _language() -> tuple[str, str]:
    language = (translation.get_language() or "fr").split("-")[0]
    return language, {"fr": "FR", "en": "GB"}.get(language, "")


class Document:
    def __init__(self, title: str, *, community: str = "", subtitle: str = "", date: str = ""):
        """`title` heads the title page, under the `community`'s name; `subtitle` (a status) and
        `date` (already formatted in the reader's language) follow."""
        self.title = title
        self.community = community
        self.subtitle = subtitle
        self.date = date
        self.blocks: list[Block] = []

    @property
    def full_title(self) -> str:
        return f"{self.title} · {self.community}" if self.community else self.title

    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append(Block("heading", text, level=max(1, min(3, level))))

    def paragraph(self, text: str) -> None:
        self.blocks.append(Block("paragraph", text))

    def bullet(self, text: str) -> None:
        self.blocks.append(Block("bullet", text))

    def markdown(self, text: str, base_level: int = 2) -> None:
        """Headings inside the Markdown start at `base_level` (under the section's own heading)."""
        self.blocks.extend(parse_markdown(text, base_level))

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self.blocks.append(Block("table", header=[str(h) for h in header], rows=[[str(c) for c in r] for r in rows]))

    def title_page(self) -> list[tuple[str, str]]:
        """(role, text) lines of the title page, in order."""
        lines = [("community", self.community), ("title", self.title), ("subtitle", self.subtitle)]
        return [(role, text) for role, text in [*lines, ("date", self.date)] if text]

    # OpenDocument ---------------------------------------------------------------------

    def odt(self) -> bytes:
        from odf import dc
        from odf.opendocument import OpenDocumentText
        from odf.style import (
            DefaultStyle,
            FontFace,
            Footer,
            FooterStyle,
            HeaderFooterProperties,
            ListLevelProperties,
            MasterPage,
            PageLayout,
            PageLayoutProperties,
            ParagraphProperties,
            Style,
            TableCellProperties,
            TableColumnProperties,
            TableProperties,
            TableRowProperties,
            TextProperties,
        )
        from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
        from odf.text import (
            A,
            H,
            List,
            ListItem,
            ListLevelStyleBullet,
            ListLevelStyleNumber,
            ListStyle,
            P,
            PageNumber,
            Span,
        )

        language, country = _language()
        document = OpenDocumentText()
        document.meta.addElement(dc.Title(text=self.full_title))
        document.meta.addElement(dc.Language(text=f"{language}-{country}" if country else language))
        document.fontfacedecls.addElement(
            FontFace(name=FONT, fontfamily=FONT, fontfamilygeneric="swiss", fontpitch="variable")
        )
        styles, automatic = document.styles, document.automaticstyles

        default = DefaultStyle(family="paragraph")
        default.addElement(
            TextProperties(fontname=FONT, fontsize=f"{BODY_PT}pt", language=language, country=country or "none")
        )
        default.addElement(ParagraphProperties(orphans="2", widows="2"))
        styles.addElement(default)

        def named(name, display, family="paragraph", parent=None, text=None, paragraph=None, **extra):
            style = Style(name=name, displayname=display, family=family, **extra)
            if parent is not None:
                style.setAttribute("parentstylename", parent)
            if paragraph:
                style.addElement(ParagraphProperties(**paragraph))
            if text:
                style.addElement(TextProperties(**text))
            styles.addElement(style)
            return style

        standard = named("Standard", "Default Paragraph Style", paragraph={"marginbottom": "0.2cm"})
        body_style = named(
            "Text_20_body",
            "Text Body",
            parent=standard,
            paragraph={"marginbottom": "0.25cm", "lineheight": "115%"},
        )
        heading = named(
            "Heading",
            "Heading",
            parent=standard,
            text={"fontweight": "bold", "color": f"#{ACCENT}"},
            nextstylename=body_style,
        )
        headings = {
            level: named(
                f"Heading_20_{level}",
                f"Heading {level}",
                parent=heading,
                defaultoutlinelevel=str(level),
                nextstylename=body_style,
                text={"fontsize": size},
                paragraph={"margintop": top, "marginbottom": "0.2cm", "keepwithnext": "always"},
            )
            for level, size, top in ((1, "16pt", "0.6cm"), (2, "13pt", "0.45cm"), (3, "11.5pt", "0.35cm"))
        }
        title_style = named(
            "Title",
            "Title",
            parent=heading,
            text={"fontsize": "28pt"},
            paragraph={"margintop": "0.3cm", "marginbottom": "0.5cm"},
        )
        kicker = named("Subtitle", "Subtitle", parent=standard, text={"fontsize": "16pt", "color": "#555555"})
        list_paragraph = named(
            "List_20_Contents", "List Contents", parent=body_style, paragraph={"marginbottom": "0.1cm"}
        )
        table_text = named(
            "Table_20_Contents",
            "Table Contents",
            parent=standard,
            text={"fontsize": f"{TABLE_PT}pt"},
            paragraph={"marginbottom": "0cm"},
        )
        table_heading = named("Table_20_Heading", "Table Heading", parent=table_text, text={"fontweight": "bold"})
        footer_style = named(
            "Footer",
            "Footer",
            parent=standard,
            text={"fontsize": "9pt", "color": "#555555"},
            paragraph={"textalign": "center", "marginbottom": "0cm"},
        )
        link_style = named(
            "Internet_20_link",
            "Internet Link",
            family="text",
            text={
                "color": f"#{ACCENT}",
                "textunderlinestyle": "solid",
                "textunderlinewidth": "auto",
                "textunderlinecolor": "font-color",
            },
        )

        def list_style(name, display, numbered):
            style = ListStyle(name=name, displayname=display)
            if numbered:
                level = ListLevelStyleNumber(level=1, numformat="1", numsuffix=".")
            else:
                level = ListLevelStyleBullet(level=1, bulletchar="•")
            level.addElement(ListLevelProperties(spacebefore="0.3cm", minlabelwidth="0.5cm"))
            style.addElement(level)
            styles.addElement(style)
            return style

        bullets = list_style("List_20_Bullet", "List Bullet", numbered=False)
        numbers = list_style("Numbering_20_123", "Numbering 123", numbered=True)

        # Pages: A4; the title page has no footer, the next ones their number.
        layout = PageLayout(name="A4")
        layout.addElement(
            PageLayoutProperties(
                pagewidth=f"{PAGE_WIDTH_CM}cm",
                pageheight=f"{PAGE_HEIGHT_CM}cm",
                printorientation="portrait",
                margintop=f"{MARGIN_CM}cm",
                marginbottom="1.5cm",
                marginleft=f"{MARGIN_CM}cm",
                marginright=f"{MARGIN_CM}cm",
            )
        )
        footer_layout = FooterStyle()
        footer_layout.addElement(HeaderFooterProperties(minheight="0.6cm", margintop="0.4cm"))
        layout.addElement(footer_layout)
        automatic.addElement(layout)
        standard_page = MasterPage(name="Standard", pagelayoutname=layout)
        footer = Footer()
        footer_paragraph = P(stylename=footer_style, text=f"{self.full_title} · ")
        footer_paragraph.addElement(PageNumber(selectpage="current", text="1"))
        footer.addElement(footer_paragraph)
        standard_page.addElement(footer)
        first_page = MasterPage(
            name="First_20_Page", displayname="First Page", pagelayoutname=layout, nextstylename=standard_page
        )
        document.masterstyles.addElement(first_page)
        document.masterstyles.addElement(standard_page)

        def automatic_style(name, family, parent=None, **properties):
            style = Style(name=name, family=family)
            if parent is not None:
                style.setAttribute("parentstylename", parent)
            for element in properties.values():
                style.addElement(element)
            automatic.addElement(style)
            return style

        bold = automatic_style("T1", "text", text=TextProperties(fontweight="bold"))
        italic = automatic_style("T2", "text", text=TextProperties(fontstyle="italic"))
        bold_italic = automatic_style("T3", "text", text=TextProperties(fontweight="bold", fontstyle="italic"))
        title_page_styles = {
            "community": automatic_style("P1", "paragraph", kicker, paragraph=ParagraphProperties(margintop="6cm")),
            "title": title_style,
            "subtitle": automatic_style(
                "P2", "paragraph", body_style, text=TextProperties(fontsize="12pt", fontstyle="italic")
            ),
            "date": automatic_style("P3", "paragraph", body_style, text=TextProperties(fontsize="12pt")),
        }
        title_page_styles["community"].setAttribute("masterpagename", first_page)
        border = f"0.5pt solid #{TABLE_BORDER}"
        cell = automatic_style("Cell", "table-cell", cell=TableCellProperties(border=border, padding="0.1cm"))
        header_cell = automatic_style(
            "HeaderCell",
            "table-cell",
            cell=TableCellProperties(border=border, padding="0.1cm", backgroundcolor=f"#{TABLE_HEADER_FILL}"),
        )
        # A row stays whole on one page (the header row comes again at the top of the next).
        whole_row = automatic_style("Row", "table-row", row=TableRowProperties(keeptogether="always"))

        def paragraph(text: str, style):
            element = P(stylename=style)
            for run in runs(text):
                target = element
                if run.url:
                    target = A(href=run.url, type="simple", stylename=link_style, visitedstylename=link_style)
                    element.addElement(target)
                span_style = (
                    bold_italic if run.bold and run.italic else bold if run.bold else italic if run.italic else None
                )
                if span_style is not None:
                    target.addElement(Span(stylename=span_style, text=run.text))
                else:
                    target.addText(run.text)
            return element

        body = document.text
        lines = self.title_page()
        if lines and lines[0][0] != "community":  # the first line carries the title page's master page
            title_page_styles[lines[0][0]] = automatic_style(
                "P4", "paragraph", title_page_styles[lines[0][0]], paragraph=ParagraphProperties(margintop="6cm")
            )
            title_page_styles[lines[0][0]].setAttribute("masterpagename", first_page)
        for index, (role, text) in enumerate(lines):
            style = title_page_styles[role]
            if index == len(lines) - 1:
                style = automatic_style(
                    f"P{5 + index}", "paragraph", style, paragraph=ParagraphProperties(breakafter="page")
                )
            body.addElement(paragraph(text, style))

        current_list, current_kind = None, None
        table_count = 0
        for block in self.blocks:
            if block.kind in ("bullet", "number"):
                if current_list is None or current_kind != block.kind:
                    current_list = List(stylename=bullets if block.kind == "bullet" else numbers)
                    current_kind = block.kind
                    body.addElement(current_list)
                item = ListItem()
                item.addElement(paragraph(block.text, list_paragraph))
                current_list.addElement(item)
                continue
            current_list = current_kind = None
            if block.kind == "heading":
                element = H(outlinelevel=block.level, stylename=headings[block.level])
                element.addText(plain(block.text))
                body.addElement(element)
            elif block.kind == "paragraph":
                body.addElement(paragraph(block.text, body_style))
            elif block.kind == "table":
                table_count += 1
                name = f"Table{table_count}"
                widths = column_widths(block.header, block.rows)
                table_style = automatic_style(
                    name,
                    "table",
                    table=TableProperties(
                        width=f"{TEXT_WIDTH_CM}cm",
                        align="left",
                        bordermodel="collapsing",  # one line between two cells, not two
                        margintop="0.1cm",
                        marginbottom="0.3cm",
                    ),
                )
                table = Table(name=name, stylename=table_style)
                for column, width in enumerate(widths):
                    column_style = automatic_style(
                        f"{name}.Column{column + 1}",
                        "table-column",
                        column=TableColumnProperties(columnwidth=f"{width:.2f}cm"),
                    )
                    table.addElement(TableColumn(stylename=column_style))
                header = TableHeaderRows()
                table.addElement(header)
                for index, row in enumerate([block.header, *block.rows]):
                    table_row = TableRow(stylename=whole_row)
                    for value in row[: len(widths)]:
                        table_cell = TableCell(stylename=header_cell if index == 0 else cell, valuetype="string")
                        table_cell.addElement(paragraph(value, table_heading if index == 0 else table_text))
                        table_row.addElement(table_cell)
                    (header if index == 0 else table).addElement(table_row)
                body.addElement(table)
        buffer = io.BytesIO()
        document.write(buffer)
        return buffer.getvalue()

    # Word -------------------------------------------------------------------------------

    def docx(self) -> bytes:
        import docx
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_BREAK
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt, RGBColor

        language, country = _language()
        document = docx.Document()
        document.core_properties.title = self.full_title
        document.core_properties.language = f"{language}-{country}" if country else language
        accent = RGBColor.from_string(ACCENT)

        def font(style, size=None, bold=None, color=None):
            """Arial in every script; a theme font would win over it in Word, so they go."""
            style.font.name = FONT
            fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attribute), None)
            for attribute in ("w:eastAsia", "w:cs"):
                fonts.set(qn(attribute), FONT)
            if size is not None:
                style.font.size = Pt(size)
            if bold is not None:
                style.font.bold = bold
            if color is not None:
                style.font.color.rgb = color

        styles = document.styles
        normal = styles["Normal"]
        font(normal, BODY_PT)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.15
        language_tag = OxmlElement("w:lang")
        language_tag.set(qn("w:val"), f"{language}-{country}" if country else language)
        normal.element.get_or_add_rPr().append(language_tag)
        for level, size, before in ((1, 16, 14), (2, 13, 10), (3, 11.5, 8)):
            style = styles[f"Heading {level}"]
            font(style, size, True, accent)
            style.font.italic = False
            style.paragraph_format.space_before = Pt(before)
            style.paragraph_format.space_after = Pt(4)
            style.paragraph_format.keep_with_next = True
        title_style = styles["Title"]
        font(title_style, 28, True, accent)
        # The template draws a rule under the title and squeezes its letters; a title page needs neither.
        title_properties = title_style.element.pPr
        if title_properties is not None and title_properties.find(qn("w:pBdr")) is not None:
            title_properties.remove(title_properties.find(qn("w:pBdr")))
        title_style.font.element.get_or_add_rPr()
        spacing = title_style.element.rPr.find(qn("w:spacing"))
        if spacing is not None:
            title_style.element.rPr.remove(spacing)
        title_style.paragraph_format.space_after = Pt(14)
        subtitle_style = styles["Subtitle"]
        font(subtitle_style, 16, False, RGBColor.from_string("555555"))
        subtitle_style.font.italic = False
        for name in ("List Bullet", "List Number"):
            font(styles[name])
            styles[name].paragraph_format.space_after = Pt(3)
        link_style = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link_style.font.color.rgb = accent
        link_style.font.underline = True

        section = document.sections[0]
        section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
        section.top_margin = section.left_margin = section.right_margin = Cm(MARGIN_CM)
        section.bottom_margin = Cm(1.5)
        section.footer_distance = Cm(0.8)
        section.different_first_page_header_footer = True  # the title page goes without footer
        footer = section.footer.paragraphs[0]
        footer.alignment = 1  # centred
        footer_run = footer.add_run(f"{self.full_title} · ")
        footer_run.font.size = Pt(9)
        page = OxmlElement("w:fldSimple")
        page.set(qn("w:instr"), "PAGE")
        page_run = OxmlElement("w:r")
        page_properties = OxmlElement("w:rPr")
        page_size = OxmlElement("w:sz")
        page_size.set(qn("w:val"), "18")  # 9 pt, like the words before it
        page_properties.append(page_size)
        page_run.append(page_properties)
        page_text = OxmlElement("w:t")
        page_text.text = "2"
        page_run.append(page_text)
        page.append(page_run)
        footer._p.append(page)

        def fill(paragraph, text: str, force_bold: bool = False, size=None):
            for run in runs(text):
                piece = paragraph.add_run(run.text)
                piece.bold = True if force_bold or run.bold else None
                piece.italic = True if run.italic else None
                if size is not None:
                    piece.font.size = Pt(size)
                if run.url:
                    piece.style = link_style
                    link = OxmlElement("w:hyperlink")
                    link.set(
                        qn("r:id"), paragraph.part.relate_to(run.url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
                    )
                    piece._r.addprevious(link)
                    link.append(piece._r)

        numbering = document.part.numbering_part.numbering_definitions._numbering
        number_style_num = styles["List Number"].element.pPr.numPr.numId.val
        number_abstract = numbering.num_having_numId(number_style_num).abstractNumId.val
        # The template's bullet is a Symbol-font glyph, a square wherever Symbol is missing: use Arial's "•".
        bullet_num = styles["List Bullet"].element.pPr.numPr.numId.val
        bullet_abstract = numbering.num_having_numId(bullet_num).abstractNumId.val
        for abstract in numbering.iterfind(qn("w:abstractNum")):
            if abstract.get(qn("w:abstractNumId")) == str(bullet_abstract):
                level = abstract.find(qn("w:lvl"))
                level.find(qn("w:lvlText")).set(qn("w:val"), "•")
                fonts = level.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
                if fonts is not None:
                    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                        fonts.set(qn(attribute), FONT)
                    fonts.attrib.pop(qn("w:hint"), None)

        def restart_numbering(paragraph):
            """Each numbered list counts from 1 (the style alone would carry on from the last list)."""
            num = numbering.add_num(number_abstract)
            num.add_lvlOverride(ilvl=0).add_startOverride(1)
            properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            properties.get_or_add_ilvl().val = 0
            properties.get_or_add_numId().val = num.numId
            return num.numId

        lines = self.title_page()
        title_styles = {"community": "Subtitle", "title": "Title", "subtitle": "Normal", "date": "Normal"}
        for index, (role, text) in enumerate(lines):
            paragraph = document.add_paragraph(style=title_styles[role])
            fill(paragraph, text, size=12 if role in ("subtitle", "date") else None)
            if role == "subtitle":
                for piece in paragraph.runs:
                    piece.italic = True
            if index == 0:
                paragraph.paragraph_format.space_before = Cm(6)
            if index == len(lines) - 1:
                paragraph.add_run().add_break(WD_BREAK.PAGE)

        previous_kind, number_id = None, None
        for index, block in enumerate(self.blocks):
            if block.kind == "heading":
                document.add_heading(plain(block.text), level=block.level)
            elif block.kind == "paragraph":
                fill(document.add_paragraph(), block.text)
            elif block.kind == "bullet":
                fill(document.add_paragraph(style="List Bullet"), block.text)
            elif block.kind == "number":
                paragraph = document.add_paragraph(style="List Number")
                if previous_kind != "number":
                    number_id = restart_numbering(paragraph)
                else:
                    properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                    properties.get_or_add_ilvl().val = 0
                    properties.get_or_add_numId().val = number_id
                fill(paragraph, block.text)
            elif block.kind == "table":
                widths = column_widths(block.header, block.rows)
                table = document.add_table(rows=1 + len(block.rows), cols=len(widths))
                table.style = "Table Grid"
                table.alignment = WD_TABLE_ALIGNMENT.LEFT
                table.autofit = False
                properties = table._tbl.tblPr
                table_width = properties.find(qn("w:tblW"))
                if table_width is None:
                    table_width = OxmlElement("w:tblW")
                    properties.append(table_width)
                table_width.set(qn("w:w"), str(round(TEXT_WIDTH_CM / 2.54 * 1440)))
                table_width.set(qn("w:type"), "dxa")
                margins = OxmlElement("w:tblCellMar")
                for side, twips in (("top", 40), ("left", 85), ("bottom", 40), ("right", 85)):
                    margin = OxmlElement(f"w:{side}")
                    margin.set(qn("w:w"), str(twips))
                    margin.set(qn("w:type"), "dxa")
                    margins.append(margin)
                # Word refuses a file whose properties are out of the schema's order: tblLook is last.
                look = properties.find(qn("w:tblLook"))
                look.addprevious(margins) if look is not None else properties.append(margins)
                # Word (compatibility mode 14) hangs the borders out by the cell margin; indent the table
                # by as much so its borders line up with the text's margins. tblInd comes before tblLayout.
                indent = OxmlElement("w:tblInd")
                indent.set(qn("w:w"), "85")
                indent.set(qn("w:type"), "dxa")
                properties.find(qn("w:tblLayout")).addprevious(indent)
                for column, width in zip(table.columns, widths, strict=True):
                    column.width = Cm(width)
                for row_index, row in enumerate([block.header, *block.rows]):
                    table_row = table.rows[row_index]
                    # A row stays whole on one page; the header row comes again at the top of the next.
                    table_row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
                    if row_index == 0:
                        table_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
                    for column, value in enumerate(row[: len(widths)]):
                        cell = table.cell(row_index, column)
                        cell.width = Cm(widths[column])
                        if row_index == 0:
                            shading = OxmlElement("w:shd")
                            shading.set(qn("w:val"), "clear")
                            shading.set(qn("w:color"), "auto")
                            shading.set(qn("w:fill"), TABLE_HEADER_FILL)
                            cell._tc.get_or_add_tcPr().append(shading)
                        paragraph = cell.paragraphs[0]
                        paragraph.paragraph_format.space_after = Pt(0)
                        paragraph.paragraph_format.line_spacing = 1.0
                        fill(paragraph, value, force_bold=row_index == 0, size=TABLE_PT)
                if index < len(self.blocks) - 1:  # space before what follows, never a page of its own
                    document.add_paragraph().paragraph_format.space_after = Pt(0)
            previous_kind = block.kind
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


ODT_TYPE = "application/vnd.oasis.opendocument.text"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
