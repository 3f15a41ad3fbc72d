"""French full-text search of the knowledge base, with the same API on SQLite and PostgreSQL.

A reader matches, ranks and quotes only words they may see. An item's text is kept in three
parts by who may read it (services.search_texts): what every reader of the item sees, what
only readers of members' things see (a members-only field, a members' attachment), what only
the core team sees. Each engine keeps the parts apart, so that a hidden word never finds an
item, never moves it in the ranking and never shows in a snippet.

SQLite: FTS5 has no French stemmer, so the text is analysed here (accents removed and lowercased
*before* stemming, stop words dropped, Snowball French stems). There is one FTS5 table per
audience (visitors, members, core team), each holding only the items its audience may read
with only the parts of their text it may read; a search reads the table of its reader's
audience and nothing else. The statuses and entry points are written as scope tokens
(`k12listedtypearticle`, `k12publishedtheme7`, ...) into a column of their own and matched
inside the MATCH itself, so that a filter never makes the index rank every match first.

PostgreSQL: a text search configuration copied from `french` with unaccent before the stemmer,
a stored generated tsvector column (the title weighs A, the three parts of the text B, C and D)
kept out of the Django model, the item's theme ids copied into an array `search_themes` (also
out of the model), and one GIN index on (community_id, search_themes, search) through
btree_gin, so that the words, the community and a theme are intersected by the index. The
query asks each word with the weights of its reader (`'word':AB` for a visitor) and the
ranking reads only those weights (ts_filter). Ranking is capped at PG_CANDIDATES matches (see
there). Created by migrations 0002, 0003 and 0004, only on their engine.

Services call `index(item)` after each save (queryset.update() and bulk_update() bypass it);
`search()` answers the ranked hits a person may read; highlighting is done here, in Python,
the same way for both engines, from the parts of the text the reader may read.
"""

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from terreau.core.models import Visibility
from terreau.core.text import fold

from .models import ItemStatus, KnowledgeItem

PG_CONFIG = "terreau_french"
RESULTS = 30
# PostgreSQL ranks at most this many matches of a search (after its filters). Below the cap the
# ranking is exact; above it (a single very common word in a large knowledge base) the best
# results are chosen among the first PG_CANDIDATES matches the index yields, in storage order.
# A second word or an entry point brings the matches under the cap again. Without the cap, a
# word found in 12,000 items cost about 30-40 ms at 100,000 items (reading every tsvector).
PG_CANDIDATES = 2000

# Accents are gone before this list is consulted: "à" is "a", "été" is "ete".
STOP_WORDS = frozenset(
    """
    a ai aie aient aies ait as au aux avaient avais avait avec avez aviez avions avons ayant c ca ce ceci cela
    celle celles celui ces cet cette ceux chaque comme d dans de des du elle elles en es est et etaient etais
    etait etant ete etes etiez etions etre eu eue eues eus eut furent fut il ils j je l la le les leur leurs
    lui m ma mais me meme memes mes moi mon n ne nos notre nous on ont ou par pas pour qu que quel quelle
    quelles quels qui s sa sans se ses si son sont sur t ta te tes toi ton tu un une unes uns vos votre vous
    y
    """.split()
)
WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("french")


def words(text: str) -> list[str]:
    """The folded words of `text`, stop words dropped (apostrophes split "l'été" into "l", "ete")."""
    return [word for word in WORD.findall(fold(text)) if word not in STOP_WORDS]


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The stem of a folded word (cached: a community's vocabulary is small, its texts are many)."""
    return _stemmer().stemWord(word)


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def query_stems(query: str) -> list[str]:
    """The distinct stems of what a person typed, in order; operators and punctuation are only words."""
    seen = []
    for stem in stems(query.replace("\x00", " ")[:500]):
        if stem not in seen:
            seen.append(stem)
    return seen[:12]


# Audiences: who may read an item of each visibility, and what each audience reads of an
# item's text; its FTS5 table (SQLite) and the tsvector weights it searches (PostgreSQL).
AUDIENCES = {"public": ["pub", "mem", "core"], "members": ["mem", "core"], "core_team": ["core"]}
SEES = {
    "pub": [Visibility.PUBLIC],
    "mem": [Visibility.PUBLIC, Visibility.MEMBERS],
    "core": [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.CORE_TEAM],
}
FTS_TABLES = {audience: f"knowledge_search_{audience}" for audience in SEES}
# The title weighs A; the text parts B (every reader), C (members' things), D (the core team's).
PG_WEIGHTS = {"pub": "ab", "mem": "abc", "core": "abcd"}
# The model field holding each part of an item's text.
TEXT_FIELDS: dict[str, str] = {
    Visibility.PUBLIC: "search_text",
    Visibility.MEMBERS: "search_text_members",
    Visibility.CORE_TEAM: "search_text_core",
}

# Scope tokens: long and prefixed, so that they never collide with each other or with a word.
# Each token says which statuses the item counts for and one entry point, so that a search
# names one token per entry point and the index reads only the postings of what this person
# may find there: a filter never widens the ranking.

STATUS_GROUPS = {"published": ["published", "listed"], "archived": ["archived", "listed"], "draft": ["draft"]}


def _clean(value) -> str:
    return re.sub(r"[^a-z0-9]", "", str(value).lower())


def _facets(item: KnowledgeItem, theme_ids) -> list[str]:
    facets = ["all", f"type{_clean(item.type)}"] + [f"theme{theme_id}" for theme_id in theme_ids]
    if item.activity_id:
        facets.append(f"act{item.activity_id}")
    return facets


def scope_tokens(item: KnowledgeItem, theme_ids) -> list[str]:
    c = item.community_id
    return [f"k{c}{group}{facet}" for group in STATUS_GROUPS.get(item.status, []) for facet in _facets(item, theme_ids)]


def _audience(visibilities) -> str:
    if "core_team" in visibilities:
        return "core"
    return "mem" if "members" in visibilities else "pub"


def _groups(statuses) -> list[str]:
    wanted = set(statuses)
    groups = ["listed"] if {"published", "archived"} <= wanted else []
    groups += [status for status in sorted(wanted) if status in STATUS_GROUPS and not (groups and status != "draft")]
    return groups


def readable_text(item: KnowledgeItem, visibilities) -> str:
    """The parts of the item's text that a reader seeing `visibilities` may read."""
    parts = [getattr(item, field) for visibility, field in TEXT_FIELDS.items() if visibility in visibilities]
    return "\n".join(part for part in parts if part)


# Keeping the index in step ---------------------------------------------------------------


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def index(item: KnowledgeItem) -> None:
    """Write `item` (already saved, its themes set) into the index."""
    if is_postgresql():
        # The generated tsvector follows the title and the texts by itself; the theme ids are copied.
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE knowledge_knowledgeitem i SET search_themes = {_THEME_IDS} "
                f"WHERE i.id = %s AND i.search_themes <> {_THEME_IDS}",
                [item.pk],
            )
        return
    index_many([(item, [theme.pk for theme in item.themes.all()])])


# The item's theme ids, from the through table, for the PostgreSQL column `search_themes`.
_THEME_IDS = (
    "ARRAY(SELECT t.theme_id FROM knowledge_knowledgeitem_themes t WHERE t.knowledgeitem_id = i.id ORDER BY t.theme_id)"
)


def index_many(entries) -> None:
    """[(item, theme ids)] into the index in one go (the benchmark feeds 100,000 this way)."""
    if is_postgresql():
        with connection.cursor() as cursor:
            rows = [(sorted(int(theme_id) for theme_id in theme_ids), item.pk) for item, theme_ids in entries]
            cursor.executemany(
                "UPDATE knowledge_knowledgeitem SET search_themes = %s::bigint[] "
                "WHERE id = %s AND search_themes <> %s::bigint[]",  # unchanged rows are not rewritten
                [(themes, pk, themes) for themes, pk in rows],
            )
        return
    entries = list(entries)
    rows = {audience: [] for audience in FTS_TABLES}
    for item, theme_ids in entries:
        scope, title = " ".join(scope_tokens(item, theme_ids)), " ".join(stems(item.title))
        parts = {visibility: " ".join(stems(getattr(item, field))) for visibility, field in TEXT_FIELDS.items()}
        for audience in AUDIENCES.get(item.visibility, []):
            body = " ".join(parts[visibility] for visibility in SEES[audience] if parts[visibility])
            rows[audience].append((item.pk, scope, title, body))
    with connection.cursor() as cursor:
        for audience, table in FTS_TABLES.items():
            # An item leaves the tables of the audiences that may no longer read it.
            cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [(item.pk,) for item, _themes in entries])
            cursor.executemany(
                f"INSERT INTO {table} (rowid, scope, title, body) VALUES (%s, %s, %s, %s)", rows[audience]
            )


def remove(item_id: int) -> None:
    if is_postgresql():
        return  # the row is gone, its tsvector and theme ids with it
    with connection.cursor() as cursor:
        for table in FTS_TABLES.values():
            cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [item_id])


def reindex(queryset=None) -> int:
    """Index again every item of `queryset` (all items by default); answers how many."""
    queryset = (queryset if queryset is not None else KnowledgeItem.objects.all()).prefetch_related("themes")
    count = 0
    batch = []
    for item in queryset.iterator(chunk_size=1000):
        batch.append((item, [theme.pk for theme in item.themes.all()]))
        if len(batch) == 1000:
            index_many(batch)
            count += len(batch)
            batch = []
    index_many(batch)
    return count + len(batch)


# Searching --------------------------------------------------------------------------------


@dataclass
class Hit:
    item: KnowledgeItem
    rank: float
    title_html: SafeString
    snippet_html: SafeString


def search(
    *,
    community,
    query: str,
    visibilities: list[str],
    statuses: list[str] = (ItemStatus.PUBLISHED, ItemStatus.ARCHIVED),
    type: str | None = None,
    theme_id: int | None = None,
    activity_id: int | None = None,
    limit: int = RESULTS,
    queryset=None,
) -> list[Hit]:
    """The items of `community` matching every word of `query`, best first, that the given
    visibilities and statuses allow; the entry points narrow it further."""
    wanted = query_stems(query)
    if not wanted or not visibilities or not statuses:
        return []
    finder = _ids_postgresql if is_postgresql() else _ids_sqlite
    audience = _audience(visibilities)
    ranked = finder(
        community.pk,
        wanted,
        query,
        audience,
        [str(v) for v in visibilities],
        list(statuses),
        type,
        theme_id,
        activity_id,
        limit,
    )
    if not ranked:
        return []
    queryset = queryset if queryset is not None else KnowledgeItem.objects.all()
    # The final check is the database's, not the index's: a stale index row never shows a hit.
    items = queryset.filter(
        pk__in=[pk for pk, _rank in ranked], community=community, visibility__in=visibilities, status__in=statuses
    ).in_bulk()
    return [
        Hit(
            item=items[pk],
            rank=rank,
            title_html=highlight(items[pk].title, wanted),
            snippet_html=snippet(readable_text(items[pk], visibilities), wanted),
        )
        for pk, rank in ranked
        if pk in items
    ]


def _ids_sqlite(community_id, wanted, _query, audience, _visibilities, statuses, type, theme_id, activity_id, limit):
    facets = [f"type{_clean(type)}"] if type else []
    facets += [f"theme{int(theme_id)}"] if theme_id else []
    facets += [f"act{int(activity_id)}"] if activity_id else []
    prefix, groups = f"k{community_id}", _groups(statuses)
    if not groups:
        return []
    scope = ["(" + " OR ".join(f"{prefix}{group}{facet}" for group in groups) + ")" for facet in facets or ["all"]]
    terms = " AND ".join(f'"{stem}"' for stem in wanted)  # stems are [a-z0-9]+: quoting is safe
    match = f"{{scope}} : ({' AND '.join(scope)}) AND {{title body}} : ({terms})"
    table = FTS_TABLES[audience]  # only what this audience may read, down to the words
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, bm25({table}, 0.0, 10.0, 4.0) AS rank FROM {table} "
            f"WHERE {table} MATCH %s ORDER BY rank LIMIT %s",
            [match, limit],
        )
        return [(row[0], -row[1]) for row in cursor.fetchall()]


# ts_rank's weights, in the order D, C, B, A: every part of the text weighs the same.
PG_RANK_WEIGHTS = "{0.4,0.4,0.4,1.0}"


def _ids_postgresql(community_id, wanted, query, audience, visibilities, statuses, type, theme_id, activity_id, limit):
    weights = PG_WEIGHTS[audience]
    # Each folded word quoted ([a-z0-9]+: no operator), restricted to the weights of the parts
    # this reader may read; the core team reads them all.
    restriction = "" if weights == "abcd" else ":" + weights.upper()
    text = " & ".join(f"'{word}'{restriction}" for word in words(query.replace("\x00", " ")[:500])[:12])
    tsquery = f"to_tsquery('{PG_CONFIG}', %s)"  # a constant for the planner: the GIN index applies
    # Ranking reads only the readable weights: hidden words neither count nor lengthen the text.
    ranked = "c.search" if weights == "abcd" else f"ts_filter(c.search, '{{{','.join(weights)}}}')"
    where = ["i.community_id = %s", f"i.search @@ {tsquery}", "i.visibility = ANY(%s)", "i.status = ANY(%s)"]
    params = [community_id, text, visibilities, statuses]
    if type:
        where.append("i.type = %s")
        params.append(type)
    if activity_id:
        where.append("i.activity_id = %s")
        params.append(activity_id)
    if theme_id:
        # In the same GIN index as community_id and search (migration 0003): a join on the
        # themes table here would make the planner test the tsvector of every item of the theme.
        where.append("i.search_themes @> ARRAY[%s]::bigint[]")
        params.append(int(theme_id))
    params += [PG_CANDIDATES, text, limit]
    # Ranking reads each match's tsvector from the table: its cost grows with the matches. The
    # candidates are capped (see PG_CANDIDATES): a word found in more items than that is ranked
    # among the first ones the index gives, so a very common word costs the same as a rare one.
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH candidates AS MATERIALIZED (SELECT i.id, i.search FROM knowledge_knowledgeitem i "
            f"WHERE {' AND '.join(where)} LIMIT %s) "
            f"SELECT c.id, ts_rank('{PG_RANK_WEIGHTS}', {ranked}, {tsquery}, 2) AS rank FROM candidates c "
            "ORDER BY rank DESC, c.id DESC LIMIT %s",
            params,
        )
        return [(row[0], float(row[1])) for row in cursor.fetchall()]


# Highlighting ----------------------------------------------------------------------------

TOKEN = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=100_000)
def _word_stem(word: str) -> str | None:
    folded = fold(word)
    return None if folded in STOP_WORDS else stem(folded)


def _matches(word: str, wanted) -> bool:
    return _word_stem(word) in wanted


def highlight(text: str, wanted) -> SafeString:
    """`text` escaped, the words whose stem was searched wrapped in <mark>."""
    out, last = [], 0
    for found in TOKEN.finditer(text):
        if _matches(found.group(), wanted):
            out.append(html.escape(text[last : found.start()]))
            out.append(f"<mark>{html.escape(found.group())}</mark>")
            last = found.end()
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))  # every piece of `text` went through html.escape


def snippet(text: str, wanted, size: int = 240) -> SafeString:
    """About `size` characters of `text` around the first searched word, highlighted."""
    text = " ".join(text.split())
    start = 0
    for found in TOKEN.finditer(text):
        if _matches(found.group(), wanted):
            start = max(0, found.start() - size // 3)
            break
    if start:
        start = text.find(" ", start) + 1 or start
    piece = text[start : start + size]
    if start + size < len(text):
        piece = piece.rsplit(" ", 1)[0] + " …"
    return highlight(("… " if start else "") + piece, wanted)
