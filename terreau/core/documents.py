"""Office documents (OpenDocument text and Word) built from headings, Markdown and tables.

The same `Document` feeds both writers, so a charter or a launch pack opens the same way in
LibreOffice and in Word. Markdown is read at block level (headings, paragraphs, bullet and
numbered lists) with **bold** and *italic* inline; anything richer stays as its text.
"""

import io
import re
from dataclasses import dataclass, field

INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*|__[^_]+__|_[^_]+_)")


@dataclass
class Block:
    kind: str  # heading, paragraph, bullet, number, table
    text: str = ""
    level: int = 1
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def runs(text: str) -> list[tuple[str, str]]:
    """Split inline Markdown into (style, text) runs: style is '', 'bold' or 'italic'."""
    parts = []
    for piece in INLINE.split(text):
        if not piece:
            continue
        if piece.startswith(("**", "__")) and piece.endswith(("**", "__")) and len(piece) > 4:
            parts.append(("bold", piece[2:-2]))
        elif piece[0] in "*_" and piece[-1] == piece[0] and len(piece) > 2:
            parts.append(("italic", piece[1:-1]))
        else:
            parts.append(("", piece))
    return parts


def parse_markdown(text: str, base_level: int = 1) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            blocks.append(Block("paragraph", " ".join(line.strip() for line in paragraph)))
            paragraph.clear()

    for line in (text or "").replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        heading = re.match(r"^(#{1,6})\s+(.*)$", stripped)
        bullet = re.match(r"^[-*+]\s+(.*)$", stripped)
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


class Document:
    def __init__(self, title: str):
        self.title = title
        self.blocks: list[Block] = []

    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append(Block("heading", text, level=max(1, min(3, level))))

    def paragraph(self, text: str) -> None:
        self.blocks.append(Block("paragraph", text))

    def markdown(self, text: str, base_level: int = 2) -> None:
        """Headings inside the Markdown start at `base_level` (under the section's own heading)."""
        self.blocks.extend(parse_markdown(text, base_level))

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self.blocks.append(Block("table", header=[str(h) for h in header], rows=[[str(c) for c in r] for r in rows]))

    # OpenDocument ---------------------------------------------------------------------

    def odt(self) -> bytes:
        from odf.opendocument import OpenDocumentText
        from odf.style import ParagraphProperties, Style, TableCellProperties, TextProperties
        from odf.table import Table, TableCell, TableColumn, TableRow
        from odf.text import H, List, ListItem, P, Span

        document = OpenDocumentText()
        styles = document.styles
        bold = Style(name="Bold", family="text")
        bold.addElement(TextProperties(fontweight="bold"))
        italic = Style(name="Italic", family="text")
        italic.addElement(TextProperties(fontstyle="italic"))
        title = Style(name="Title", family="paragraph")
        title.addElement(TextProperties(fontsize="20pt", fontweight="bold"))
        title.addElement(ParagraphProperties(marginbottom="0.4cm"))
        headings = {}
        for level, size in ((1, "16pt"), (2, "13pt"), (3, "12pt")):
            style = Style(name=f"Heading {level}", family="paragraph", defaultoutlinelevel=str(level))
            style.addElement(TextProperties(fontsize=size, fontweight="bold"))
            style.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
            headings[level] = style
        cell = Style(name="Cell", family="table-cell")
        cell.addElement(TableCellProperties(border="0.5pt solid #666666", padding="0.1cm"))
        for style in (bold, italic, title, *headings.values(), cell):
            styles.addElement(style)

        def paragraph(text: str, style=None):
            element = P(stylename=style) if style is not None else P()
            for kind, piece in runs(text):
                if kind == "bold":
                    element.addElement(Span(stylename=bold, text=piece))
                elif kind == "italic":
                    element.addElement(Span(stylename=italic, text=piece))
                else:
                    element.addText(piece)
            return element

        body = document.text
        body.addElement(paragraph(self.title, title))
        current_list = None
        for block in self.blocks:
            if block.kind in ("bullet", "number"):
                if current_list is None:
                    current_list = List()
                    body.addElement(current_list)
                item = ListItem()
                prefix = "• " if block.kind == "bullet" else ""
                item.addElement(paragraph(prefix + block.text))
                current_list.addElement(item)
                continue
            current_list = None
            if block.kind == "heading":
                element = H(outlinelevel=block.level, stylename=headings[block.level])
                element.addText(block.text)
                body.addElement(element)
            elif block.kind == "paragraph":
                body.addElement(paragraph(block.text))
            elif block.kind == "table":
                table = Table()
                table.addElement(TableColumn(numbercolumnsrepeated=max(1, len(block.header))))
                for index, row in enumerate([block.header, *block.rows]):
                    table_row = TableRow()
                    for value in row:
                        table_cell = TableCell(stylename=cell, valuetype="string")
                        table_cell.addElement(paragraph(f"**{value}**" if index == 0 and value else value))
                        table_row.addElement(table_cell)
                    table.addElement(table_row)
                body.addElement(table)
        buffer = io.BytesIO()
        document.write(buffer)
        return buffer.getvalue()

    # Word -------------------------------------------------------------------------------

    def docx(self) -> bytes:
        import docx

        document = docx.Document()
        document.core_properties.title = self.title
        document.add_heading(self.title, level=0)

        def fill(paragraph, text: str, force_bold: bool = False):
            for kind, piece in runs(text):
                run = paragraph.add_run(piece)
                run.bold = force_bold or kind == "bold"
                run.italic = kind == "italic"

        for block in self.blocks:
            if block.kind == "heading":
                document.add_heading(block.text, level=block.level)
            elif block.kind == "paragraph":
                fill(document.add_paragraph(), block.text)
            elif block.kind == "bullet":
                fill(document.add_paragraph(style="List Bullet"), block.text)
            elif block.kind == "number":
                fill(document.add_paragraph(style="List Number"), block.text)
            elif block.kind == "table":
                table = document.add_table(rows=1 + len(block.rows), cols=max(1, len(block.header)))
                table.style = "Table Grid"
                for row_index, row in enumerate([block.header, *block.rows]):
                    for column, value in enumerate(row[: len(table.columns)]):
                        cell = table.cell(row_index, column)
                        cell.text = ""
                        fill(cell.paragraphs[0], value, force_bold=row_index == 0)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


ODT_TYPE = "application/vnd.oasis.opendocument.text"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
