"""Markdown to safe HTML: whatever the source, no script gets through.

The HTML depends on the text alone, so it is kept, by a digest of the text, in a cache of this
process bounded in size: a question page shows eleven texts or more at each request, the same
ones from one request to the next. A text not in the cache goes through one parser per thread,
reset between texts, rather than a parser built for each one.
"""

import hashlib
import threading
from collections import OrderedDict

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"}, "th": {"scope"}}


# The most HTML the cache keeps, in characters, per process (the texts least recently shown go first).
CACHE_CHARACTERS = 4_000_000

_local = threading.local()
_cache: OrderedDict[bytes, str] = OrderedDict()
_cache_size = 0
_cache_lock = threading.Lock()


def _parser() -> markdown_lib.Markdown:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = markdown_lib.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    return parser


def _to_html(text: str) -> str:
    html = _parser().reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def render(text: str) -> SafeString:
    global _cache_size
    key = hashlib.blake2b(text.encode(), digest_size=16).digest()
    with _cache_lock:
        clean = _cache.get(key)
        if clean is not None:
            _cache.move_to_end(key)
    if clean is None:
        clean = _to_html(text)
        with _cache_lock:
            if key not in _cache and len(clean) <= CACHE_CHARACTERS:
                _cache[key] = clean
                _cache_size += len(clean)
                while _cache_size > CACHE_CHARACTERS:
                    _cache_size -= len(_cache.popitem(last=False)[1])
    return mark_safe(clean)  # nh3 has removed everything not on the allow-lists


def cache_clear() -> None:
    global _cache_size
    with _cache_lock:
        _cache.clear()
        _cache_size = 0
