"""Hostile input for the fuzz test: the forms a page offers, read from its HTML, and what to send them.

`FormReader` collects every form of a rendered page (fields, options, defaults, submit buttons)
and every link that carries a query string. `form_data` builds, for one form, a believable
submission in which a few fields are replaced by hostile values, left out, or sent several times.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.urls import NoReverseMatch, resolve, reverse
from hypothesis import strategies as st

# Fields a form reader meets; anything else is handled as text.
TEXT_KINDS = {"text", "search", "tel", "textarea", "hidden", "password", "color"}


@dataclass
class Field:
    name: str
    kind: str  # an <input> type, or "select" / "textarea"
    options: list[str] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)
    multiple: bool = False
    accept: str = ""


@dataclass
class Form:
    method: str
    path: str  # the action, resolved against the page (with its query string, if any)
    multipart: bool
    page: str
    fields: dict[str, Field] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def signature(self):
        return (self.method, self.path, tuple(sorted(self.fields)), tuple(self.buttons))


class FormReader(HTMLParser):
    """The forms of one page and the links that carry query parameters."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        for link in (attrs.get("href"), attrs.get("hx-get")):
            if link and "?" in link and tag != "form":
                self.links.append(urljoin(self.page, link))
        if tag == "form":
            action = urljoin(self.page, attrs.get("action") or self.page)
            self._form = Form(
                method=(attrs.get("method") or "get").lower(),
                path=action,
                multipart="multipart" in attrs.get("enctype", ""),
                page=self.page,
            )
            self.forms.append(self._form)
            return
        if tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select.options.append(value)
            if "selected" in attrs:
                self._select.defaults.append(value)
            return
        form, name = self._form, attrs.get("name")
        if form is None or not name:
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            value = attrs.get("value", "")
            if kind in ("submit", "image"):
                form.buttons.append((name, value))
                return
            if kind in ("button", "reset"):
                return
            spec = form.fields.setdefault(name, Field(name, kind, accept=attrs.get("accept", "")))
            if kind in ("checkbox", "radio"):
                value = value or "on"
                spec.options.append(value)
                spec.multiple = spec.multiple or (kind == "checkbox" and len(spec.options) > 1)
                if "checked" in attrs:
                    spec.defaults.append(value)
            elif kind != "file":
                spec.defaults = [value] if value else []
        elif tag == "select":
            self._select = form.fields.setdefault(name, Field(name, "select", multiple="multiple" in attrs))
        elif tag == "textarea":
            self._textarea = form.fields.setdefault(name, Field(name, "textarea"))
            self._textarea.defaults = [""]
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            form.buttons.append((name, attrs.get("value", "")))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.defaults = [self._textarea.defaults[0] + data]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            if not self._select.defaults and self._select.options and not self._select.multiple:
                self._select.defaults = [self._select.options[0]]
            self._select = None
        elif tag == "textarea":
            if self._textarea is not None and self._textarea.defaults[0].startswith("\n"):
                self._textarea.defaults = [self._textarea.defaults[0][1:]]  # HTML drops the first newline
            self._textarea = None


def query_fields(url: str) -> dict[str, Field]:
    """The parameters of a link, each with the value the page gave it as its default."""
    fields: dict[str, Field] = {}
    for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        spec = fields.setdefault(name, Field(name, "text"))
        spec.options.append(value)
        spec.defaults = [value]
    return fields


# Hostile values ---------------------------------------------------------------------------

BIG = 1_000_000
# Made once: Hypothesis cannot draw a megabyte, and the same few suffice.
LONG_TEXTS = [
    "x" * BIG,
    "é" * (BIG // 2),
    "a\x00" * (BIG // 2),
    "9" * 5000,  # int() refuses strings of more than 4300 digits
    "> " * 20_000,  # deeply nested quotes for Markdown
    "[" * 50_000 + "](" * 10_000,
    "*_" * 50_000,
    "".join("  " * depth + "- x\n" for depth in range(400)),
    "<" * 100_000,
    "\n" * 100_000,
]
HOSTILE_TEXTS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 8,
    "\ufeff",
    "\ufeff\ufeff",
    "\u202e\u202d",
    "\U0001f600",
    "\U0010ffff",
    "\ufffe\uffff",
    "\r\n",
    "a\r\nBcc: intruder@example.test",
    "\t\x0b\x0c\x1c\x85\u2028",
    "\x7f\x1b[31m",
    "e\u0301" * 50,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request }}",
    "{% debug %}",
    "%(name)s %s %d %",
    "{0} {}",
    "'\"\\",
    "'; DROP TABLE accounts_user; --",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "NaN",
    "None",
    "null",
    "true",
    "[]",
    "{}",
    "-1",
    "0",
    "99999999999999999999",
    "-99999999999999999999",
    "9223372036854775808",
    "2147483648",
    "1e400",
    "١٢٣",
    "²",
    "0x10",
    "=1+2",
    "@SUM(A1)",
    "javascript:alert(1)",
    "//evil.example",
    "/\\evil.example",
    "http://" + "a" * 3000 + ".example",
    "x" * 300,
]
INVALID_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xc0\x80", b"caf\xe9", b"\xe2\x82", b"a\x00\xff"]
NUMBERS = [
    "99999999999999999999",
    "-99999999999999999999",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "2147483648",
    "-1",
    "0",
    "1.5",
    "1e400",
    "inf",
    "-inf",
    "nan",
    "1_000",
    " 3 ",
    "٣",
    "²",
    "9" * 5000,
]
DATES = [
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "0000-00-00",
    "2025-02-30",
    "2025-13-01",
    "99999-01-01",
    "-0001-01-01",
    "31/12/9999",
    "1/1/1",
    "9999-12-31T23:59:59",
    "9999-12-31 23:59",
    "0001-01-01T00:00",
    "2025-06-01T25:61",
    "2025-06-01T10:00+99:00",
    "24:00",
    "99:99",
]
EMAILS = [
    "a@b",
    "x" * 300 + "@example.test",
    "\x00@example.test",
    "é@é.é",
    "a@example.test\r\nBcc: intruder@example.test",
    "a@[127.0.0.1]",
    '"a b"@example.test',
    "@",
]
URLS = [
    "javascript:alert(1)",
    "http://" + "a" * 5000 + ".example",
    "http://[::1",
    "http://%zz",
    "http://999.999.999.999",
    "http://exa\x00mple.test",
    "https://xn--",
    "ftp://example.test",
    "//example.test",
]


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


# A few kilobytes that unpack to tens of megabytes: a "mimetype" an ODF reader may read whole.
ZIP_BOMB = _zip({"mimetype": b"\x00" * 20_000_000, "content.xml": b"<x/>" * 10})
OOXML_BOMB = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * 20_000_000})
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FILE_NAMES = [
    "a" * 300 + ".pdf",
    "../../../../etc/passwd",
    "..\\..\\evil.csv",
    "a\x00.pdf",
    ".pdf",
    "",
    "CON.csv",
    "rapport final é.pdf",
    "x.pdf.exe",
    "noextension",
    "évaluation.csv",
    "\u202egpj.exe",
    "%00.pdf",
]
FILE_CONTENTS = [
    b"",
    b"\x00" * 64,
    b"\xff\xfe",
    b"\xff\xfeN\x00",
    b"\xef\xbb\xbf\xef\xbb\xbf",
    b"\xef\xbb\xbfname;interest;influence\nA;1;2\n",
    b"name;interest;influence\n" + b"\x00;1;1\n",
    b"name;interest;influence\n" + b"x" * 200_000 + b";1;1\n",
    "nom;intérêt;influence\nCafé;3;4\n".encode("cp1252"),
    "nom;intérêt;influence\nCafé;3;4\n".encode("utf-16"),
    PDF,
    b"%PDF-" + b"\xff" * 100,
    b"\x89PNG\r\n\x1a\n",
    b"PK\x03\x04" + b"\x00" * 30,
    ZIP_BOMB,
    OOXML_BOMB,
    b"<html><script>alert(1)</script></html>",
]
CONTENT_TYPES = ["application/pdf", "text/csv", "application/octet-stream", "text/html", "", "x/\x00y", "image/png"]


@dataclass(frozen=True)
class Upload:
    """A file as the browser sends it: the name is sent untouched (Django's test client would clean it)."""

    name: str
    content: bytes
    content_type: str


@st.composite
def hostile_file(draw):
    return Upload(
        draw(st.sampled_from(FILE_NAMES)),
        draw(st.sampled_from(FILE_CONTENTS) | st.binary(max_size=64)),
        draw(st.sampled_from(CONTENT_TYPES)),
    )


def plausible_file(spec: Field):
    if ".csv" in spec.accept.lower():
        return st.just(Upload("parties.csv", "Nom;Intérêt;Influence\nCommune de Ciney;4;5\n".encode(), "text/csv"))
    return st.just(Upload("bilan.pdf", PDF, "application/pdf"))


WORDS = st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]), min_size=1, max_size=30)
ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)  # NUL and control characters included
KIND_VALUES = {
    "number": NUMBERS,
    "range": NUMBERS,
    "date": DATES,
    "datetime-local": DATES,
    "time": DATES,
    "month": DATES,
    "week": DATES,
    "email": EMAILS,
    "url": URLS,
}
PLAUSIBLE = {
    "email": ["personne@example.test"],
    "url": ["https://example.test/page"],
    "date": ["2026-05-04"],
    "datetime-local": ["2026-05-04T10:00"],
    "time": ["10:00"],
    "number": ["3"],
    "password": ["a-long-test-password"],
}


def plausible(spec: Field):
    """A value a person could have typed or picked: the page's default, an option, a plain word."""
    if spec.kind == "file":
        return plausible_file(spec).map(lambda upload: [upload])
    if spec.kind == "checkbox":
        if spec.multiple:
            return st.lists(st.sampled_from(spec.options), unique=True, max_size=len(spec.options))
        return st.sampled_from([spec.defaults, spec.options[:1], []])
    if spec.options:
        if spec.multiple:
            return st.lists(st.sampled_from(spec.options), unique=True, max_size=3)
        return st.sampled_from(spec.options).map(lambda value: [value])
    if spec.kind == "hidden":
        return st.just(spec.defaults or [""])
    choices = [spec.defaults[0]] if spec.defaults and spec.defaults[0] else []
    choices += PLAUSIBLE.get(spec.kind, [])
    if not choices:
        return WORDS.map(lambda value: [value])
    if spec.kind in TEXT_KINDS:
        return (st.sampled_from(choices) | WORDS).map(lambda value: [value])
    return st.sampled_from(choices).map(lambda value: [value])


def hostile(spec: Field):
    """A value no form of ours would send."""
    if spec.kind == "file":
        return hostile_file().map(lambda upload: [upload]) | st.just([b"not a file"])
    one = st.one_of(
        st.sampled_from(HOSTILE_TEXTS),
        st.sampled_from(KIND_VALUES.get(spec.kind, NUMBERS + DATES)),
        st.sampled_from(INVALID_UTF8),
        ANY_TEXT,
        st.sampled_from(LONG_TEXTS),
    )
    return one.map(lambda value: [value]) | st.lists(one, min_size=2, max_size=3)


@st.composite
def form_data(draw, form: Form, stray_names=()):
    """A believable submission of `form` with up to three fields made hostile (or dropped)."""
    data = {name: draw(plausible(spec)) for name, spec in form.fields.items()}
    names = sorted(form.fields)
    if names:
        for name in draw(st.lists(st.sampled_from(names), max_size=min(3, len(names)), unique=True)):
            data[name] = draw(st.just([]) | hostile(form.fields[name]))
    if form.buttons:
        button = draw(st.sampled_from(form.buttons + [None]))
        if button:
            data.setdefault(button[0], []).append(button[1])
    if draw(st.integers(0, 3)) == 0:  # a field this form does not know (perhaps another form's)
        stray = Field(draw(st.sampled_from(["id", "pk", "next", "\x00", "x" * 500, *stray_names])), "text")
        data.setdefault(stray.name, []).extend(draw(hostile(stray)))
    return {name: values for name, values in data.items() if values}


def pairs(data: dict) -> list[tuple[str, object]]:
    return [(name, value) for name, values in data.items() for value in values]


def encode(data: dict) -> str:
    return urlencode(pairs(data))


BOUNDARY = b"TerreauFuzzBoundary4kq2PzX9"


def _bytes(value) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


def multipart(data: dict) -> tuple[bytes, str]:
    """A multipart body written by hand: hostile file names and bytes reach the server as they are."""
    parts = []
    for name, value in pairs(data):
        disposition = b'Content-Disposition: form-data; name="' + _bytes(name) + b'"'
        if isinstance(value, Upload):
            head = disposition + b'; filename="' + _bytes(value.name) + b'"\r\nContent-Type: '
            head += _bytes(value.content_type)
            content = value.content
        else:
            head, content = disposition, _bytes(value)
        parts.append(b"--" + BOUNDARY + b"\r\n" + head + b"\r\n\r\n" + content + b"\r\n")
    body = b"".join(parts) + b"--" + BOUNDARY + b"--\r\n"
    return body, "multipart/form-data; boundary=" + BOUNDARY.decode()


def has_upload(data: dict) -> bool:
    return any(isinstance(value, Upload) for _name, value in pairs(data))


# What a URL's own segments may be given: a link typed by hand, or an old one.
SEGMENTS = {
    "int": ["0", "99999999999999999999", "9223372036854775808", "9" * 40],
    "slug": ["x" * 300, "-", "_"],
    "str": ["x" * 300, "\x00", "%00", "..", "a b", "é", "\ufeff", "<script>", "NaN", "'", "a:b", "-1", "1.5"],
}
SEGMENTS["path"] = SEGMENTS["str"] + ["../../../etc/passwd", "a/../../b"]


def path_variants(path: str) -> list[str]:
    """`path` with each of its segments (but the community's slug) replaced by values no page links to."""
    match = resolve(urlsplit(path).path)
    converters = {name: converter or "str" for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", match.route)}
    variants = []
    for name in match.kwargs:
        if name == "slug" and match.route.startswith("c/"):
            continue
        for value in SEGMENTS.get(converters.get(name, "str"), SEGMENTS["str"]):
            try:
                variants.append(reverse(match.view_name, args=match.args, kwargs={**match.kwargs, name: value}))
            except NoReverseMatch:
                continue
    return variants
