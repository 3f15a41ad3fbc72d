"""French full-text search of the knowledge base, with the same API on SQLite and PostgreSQL.

A reader matches, ranks and quotes only words they may see. An item's text is kept in three
parts by who may read it (services.search_texts): what every reader of the item sees, what
only readers of members' things see (a members-only field, a members' attachment), what only
the core team sees. Each engine keeps the parts apart, so that a hidden word never finds an
item, never moves it in the ranking and never shows in a snippet. The names of an item's themes
are read with its public text.

Neither engine analyses French: both index the terms written by `french` (each word's stem and
the word itself, folded) and look up the terms `french` reads out of a query, so that they find
the same items. The word being typed (the last one, four letters or more) is also looked up by
its beginning, through a table of the words kept whole (knowledge_search_terms, see _expand);
an item holding the very words typed ranks first.

Both engines scope a search inside the full-text index: the community, the statuses and the
entry points of an item are written as scope tokens (`k12listedtypearticle`,
`k12publishedtheme7`, ...) next to its words and asked in the same query, so that the index
intersects them and yields only what the search finds (a common word costs no more than its
matches in this community and entry point). Target: p95 under 10 ms at 100,000 items
(`python -m bench.search`).

SQLite: one FTS5 table per audience (visitors, members, core team), each holding only the items
its audience may read with only the parts of their text it may read; a search reads the table of
its reader's audience and nothing else. The scope tokens are a column of their own, matched
inside the MATCH; the facet counts read a narrow table of facets. Ranking is by tiers (SQLITE_TIERS),
each read newest first, not bm25.

PostgreSQL: a tsvector column written here (the 'simple' configuration over the terms; the
title weighs A, the three parts of the text B, C and D), kept out of the Django model, the
item's theme ids copied into an array `search_themes` (also out of the model), and one GIN
index on (community_id, search_themes, search) through btree_gin; the scope tokens are in the
tsvector (weight D, asked unweighted). The query asks each word with the weights of its reader
(`'word':AB` for a visitor) and the ranking (ts_rank) reads only those weights (ts_filter).
Ranking is capped at PG_CANDIDATES matches (see there). Migration 0007 made the column.

Services call `index(item)` after each save (queryset.update() and bulk_update() bypass it);
`search()` answers the ranked hits a person may read, `facet_counts()` how many the search
finds under each entry point; highlighting is done here, in Python, the same way for both
engines, from the parts of the text the reader may read.
"""

import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from terreau.core.models import Visibility
from terreau.core.text import fold

from . import french
from .item_types import ItemType
from .models import ItemStatus, KnowledgeItem

RESULTS = 30
# PostgreSQL ranks at most this many matches of a search (after its filters). Below the cap the
# ranking is exact; above it (a common word in a large knowledge base) the best results are
# chosen among the first PG_CANDIDATES matches the index yields (in storage order). A second word
# or an entry point brings the matches under the cap again. Ranking reads each candidate's
# tsvector from the table: 2,000 candidates cost about 12 ms at 100,000 items, 300 about 2 ms.
# (SQLite ranks by tiers, read newest first: SQLITE_TIERS.)
PG_CANDIDATES = 300
# The facet counts read at most this many matches of a search (a query, without entry points):
# a word found in tens of thousands of items would cost 50-100 ms to count exactly. Above the
# cap the counts are those of the first COUNT_CAP matches and say so ("at least").
COUNT_CAP = 1000


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
    index_many([(item, [(theme.pk, theme.name) for theme in item.themes.all()])])


def _texts(item, themes) -> tuple[str, dict[str, str]]:
    """The terms of the item's title and of each part of its text; its theme names are read by
    every reader of the item, as its public text is."""
    parts = {visibility: french.terms(getattr(item, field)) for visibility, field in TEXT_FIELDS.items()}
    names = french.terms(" ".join(name for _pk, name in themes))
    parts[Visibility.PUBLIC] = f"{parts[Visibility.PUBLIC]} {names}".strip()
    return french.terms(item.title), parts


def index_many(entries) -> None:
    """[(item, [(theme id, theme name)])] into the index in one go (the benchmark feeds 100,000
    this way). Only the item's own columns are read: a migration may pass its historical models."""
    entries = list(entries)
    if not entries:
        return
    words = set()
    if is_postgresql():
        rows = []
        for item, themes in entries:
            title, parts = _texts(item, themes)
            words.update(title.split(), *(part.split() for part in parts.values()))
            scope = " ".join(scope_tokens(item, [pk for pk, _name in themes]))
            rows.append(
                (sorted(int(pk) for pk, _name in themes), title, *(parts[v] for v in TEXT_FIELDS), scope, item.pk)
            )
        with connection.cursor() as cursor:
            _add_words(cursor, words)
            # The scope tokens weigh D, unweighted in a query: ranking reads only the words' query.
            cursor.executemany(
                "UPDATE knowledge_knowledgeitem SET search_themes = %s::bigint[], search = "
                + " || ".join(f"setweight(to_tsvector('simple', %s), '{weight}')" for weight in "ABCD")
                + " || to_tsvector('simple', %s) WHERE id = %s",
                rows,
            )
        return
    rows = {audience: [] for audience in FTS_TABLES}
    facets = []
    for item, themes in entries:
        title, parts = _texts(item, themes)
        words.update(title.split(), *(part.split() for part in parts.values()))
        scope = " ".join(scope_tokens(item, [pk for pk, _name in themes]))
        facets.append((item.pk, " ".join(_facets(item, [pk for pk, _name in themes])[1:])))  # without "all"
        for audience in AUDIENCES.get(item.visibility, []):
            body = " ".join(parts[visibility] for visibility in SEES[audience] if parts[visibility])
            # The title column holds the title's terms marked (TITLE_MARK), the body column every
            # term, the title's too: a title tier reads only the short posting lists of title words.
            marked = " ".join(TITLE_MARK + term for term in title.split())
            rows[audience].append((item.pk, scope, marked, f"{title} {body}".strip()))
    with connection.cursor() as cursor:
        _add_words(cursor, words)
        cursor.executemany("INSERT OR REPLACE INTO knowledge_search_facets (id, facets) VALUES (%s, %s)", facets)
        for audience, table in FTS_TABLES.items():
            # An item leaves the tables of the audiences that may no longer read it.
            cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [(item.pk,) for item, _themes in entries])
            cursor.executemany(
                f"INSERT INTO {table} (rowid, scope, title, body) VALUES (%s, %s, %s, %s)", rows[audience]
            )


def _add_words(cursor, words) -> None:
    """The words kept whole, for the lookup of the word being typed by its beginning (_expand).
    A word no item holds any more stays: looked up, it finds nothing."""
    cursor.executemany(
        "INSERT INTO knowledge_search_terms (term) VALUES (%s) ON CONFLICT DO NOTHING",
        [(word,) for word in sorted(words) if word.startswith(french.EXACT)],
    )


def remove(item_id: int) -> None:
    if is_postgresql():
        return  # the row is gone, its tsvector and theme ids with it
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM knowledge_search_facets WHERE id = %s", [item_id])
        for table in FTS_TABLES.values():
            cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [item_id])


def reindex(queryset=None) -> int:
    """Index again every item of `queryset` (all items by default); answers how many."""
    queryset = (queryset if queryset is not None else KnowledgeItem.objects.all()).prefetch_related("themes")
    count = 0
    batch = []
    for item in queryset.iterator(chunk_size=1000):
        batch.append((item, [(theme.pk, theme.name) for theme in item.themes.all()]))
        if len(batch) == 1000:
            index_many(batch)
            count += len(batch)
            batch = []
    index_many(batch)
    return count + len(batch)


def optimize() -> None:
    """Merge the SQLite index's segments: one built by many small writes is read more slowly
    (3-word searches about 10 ms against 6 at 100,000 items). PostgreSQL's GIN index needs
    nothing of the kind (autovacuum keeps it)."""
    if is_postgresql():
        return
    with connection.cursor() as cursor:
        for table in FTS_TABLES.values():
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


# Searching --------------------------------------------------------------------------------


@dataclass
class Hit:
    item: KnowledgeItem
    rank: float
    title_html: SafeString
    snippet_html: SafeString


class Wanted:
    """What a query looks for: each word's (stem, word marked exact, looked up by its beginning);
    it remembers which words of the texts it highlights it matched."""

    def __init__(self, terms):
        self.terms = tuple(terms)
        self.stems = frozenset(stem for stem, _word, _prefix in self.terms)
        self.prefixes = tuple(word[len(french.EXACT) :] for _stem, word, prefix in self.terms if prefix)
        self._seen: dict[str, bool] = {}

    @classmethod
    def of(cls, query: str) -> "Wanted":
        return cls(french.query_terms(query))

    def matches(self, word: str) -> bool:
        """Whether `word` of a text is one the search looked for (a form of a word, or its beginning)."""
        found = self._seen.get(word)
        if found is None:
            folded, stem = _folded_stem(word)
            found = stem is not None and (
                stem in self.stems or bool(self.prefixes and folded.startswith(self.prefixes))
            )
            self._seen[word] = found
        return found


@lru_cache(maxsize=100_000)
def _folded_stem(word: str) -> tuple[str, str | None]:
    """A word of a text folded, and its stem (None for a stop word): cached, texts repeat their words."""
    folded = fold(word)
    return folded, None if folded in french.STOP_WORDS else french.stem(folded)


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
    """The items of `community` matching every word of `query`, best first (an item holding the
    very words typed before one holding only related forms), that the given visibilities and
    statuses allow; the entry points narrow it further."""
    wanted = Wanted.of(query)
    if not wanted.terms or not visibilities or not statuses:
        return []
    finder = _ids_postgresql if is_postgresql() else _ids_sqlite
    ranked = finder(
        community.pk,
        wanted,
        _audience(visibilities),
        [str(v) for v in visibilities],
        list(statuses),
        {"type": type, "theme": theme_id, "activity": activity_id},
        limit,
    )
    if not ranked:
        return []
    # A hit reads the item's title and search texts: its other long fields are left, as the knowledge home does.
    queryset = queryset if queryset is not None else KnowledgeItem.objects.defer("fields", "body")
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


def facet_counts(
    *,
    community,
    query: str,
    visibilities: list[str],
    statuses: list[str] = (ItemStatus.PUBLISHED, ItemStatus.ARCHIVED),
    type: str | None = None,
    theme_id: int | None = None,
    activity_id: int | None = None,
) -> dict[str, dict]:
    """How many items the search finds for each type, theme and activity, each counted with the
    other entry points chosen (so that choosing one shows what it would find): one query.

    {"types": {type: n}, "themes": {theme id: n}, "activities": {activity id: n}, "capped": bool}:
    capped when the search finds more than COUNT_CAP items, the counts being lower bounds."""
    counts = {"types": {}, "themes": {}, "activities": {}, "capped": False}
    wanted = Wanted.of(query)
    if not wanted.terms or not visibilities or not statuses:
        return counts
    finder = _counts_postgresql if is_postgresql() else _counts_sqlite
    rows = finder(
        community.pk,
        wanted,
        _audience(visibilities),
        [str(v) for v in visibilities],
        list(statuses),
        {"type": type, "theme": theme_id, "activity": activity_id},
    )
    for kind, key, count in rows:
        if kind == "matches":
            counts["capped"] = count > COUNT_CAP
        else:
            counts[kind][key if kind == "types" else int(key)] = count
    return counts


# At most this many words of the index are ORed for the word being typed (_expand); a shorter
# beginning shared by more words is left to FTS5's own prefix query.
EXPAND_MAX = 50


def _expand(cursor, word: str) -> list[str] | None:
    """The words of the index that begin with `word` (the word being typed), from the table of
    words (migration 0007): ORed in the query, they are read lazily, where FTS5's prefix query
    (`"word" *`) would first merge all their posting lists (some 5 ms for a common word) and
    PostgreSQL's (`'word':*`) keep GIN from skipping through them. None when there are more than
    EXPAND_MAX. The table holds words of every audience:
    a word this reader may not read is looked up in their table, where it finds nothing."""
    cursor.execute(
        "SELECT term FROM knowledge_search_terms WHERE term >= %s AND term < %s ORDER BY term LIMIT %s",
        [word, word + "~", EXPAND_MAX + 1],  # "~" sorts after every letter and digit
    )
    found = [row[0] for row in cursor.fetchall()]
    return None if len(found) > EXPAND_MAX else found


def _fts_terms(wanted: Wanted, exact: bool, expanded: list[str] | None, mark: str = "") -> str:
    """Each word's stem (the word being typed also by its beginning: the words `expanded` from it,
    or FTS5's prefix query when None); with `exact`, each word as typed (a word holds its stem
    too: the exact words are a part of the matches, ranked first). Each term is preceded by
    `mark` (the title column's). Terms are [a-z0-9]+: quoting them is safe."""
    groups = []
    for stem, word, prefix in wanted.terms:
        if exact:
            groups.append(f'"{mark}{word}"')
        elif prefix:
            beginning = [f'"{mark}{word}" *'] if expanded is None else [f'"{mark}{term}"' for term in expanded]
            groups.append("(" + " OR ".join([f'"{mark}{stem}"', *beginning]) + ")")
        else:
            groups.append(f'"{mark}{stem}"')
    return " AND ".join(groups)


def _scope(community_id, statuses, facets) -> list[list[str]] | None:
    """The scope tokens a search asks for: all of the lists, any token of each (None: nothing to find)."""
    names = [f"type{_clean(facets['type'])}"] if facets.get("type") else []
    names += [f"theme{int(facets['theme'])}"] if facets.get("theme") else []
    names += [f"act{int(facets['activity'])}"] if facets.get("activity") else []
    prefix, groups = f"k{community_id}", _groups(statuses)
    if not groups:
        return None
    return [[f"{prefix}{group}{name}" for group in groups] for name in names or ["all"]]


def _fts_match(community_id, wanted: Wanted, statuses, facets, *, exact, expanded, column="body") -> str | None:
    """The MATCH of a search: its scope tokens and its words in `column` (the body holds every
    term, the title its title's terms marked)."""
    scope = _scope(community_id, statuses, facets)
    if scope is None:
        return None
    scope_match = " AND ".join("(" + " OR ".join(tokens) + ")" for tokens in scope)
    words = _fts_terms(wanted, exact, expanded, TITLE_MARK if column == "title" else "")
    return f"{{scope}} : ({scope_match}) AND {column} : ({words})"


def _typed_expansion(cursor, wanted: Wanted) -> list[str] | None:
    """The words the word being typed is looked up by (see _expand), less those of its stem: an
    item holding a word holds its stem too (french.terms), so they would find nothing more and
    only lengthen the query ("evaluation" typed: "evaluations" is already found by "evalu")."""
    typed = [(stem, word) for stem, word, prefix in wanted.terms if prefix]
    if not typed:
        return []
    stem, word = typed[0]
    expanded = _expand(cursor, word)
    if expanded is None:
        return None
    return [term for term in expanded if french.stem(term[len(french.EXACT) :]) != stem]


# SQLite ranks by tiers, best first, each newest first: the words as typed in the title, as typed
# anywhere, related forms in the title, related forms anywhere. Each tier is a MATCH read in
# rowid order down to what the page still lacks, so a search costs about the same for a rare
# word as for one found in 10,000 items. bm25() was given up: before ranking it counts, for
# each term of the query (the scope tokens included), every item of the whole table holding it
# (its idf), which cost 5-15 ms a search at 100,000 items however few the matches were ranked.
SQLITE_TIERS = ((True, "title"), (True, "body"), (False, "title"), (False, "body"))
# Marks the terms of the title column (its own terms: a title tier does not read the position
# lists of every match of a common word to find that none has it in its title, 1-8 ms).
TITLE_MARK = "t"


def _ids_sqlite(community_id, wanted, audience, _visibilities, statuses, facets, limit):
    table = FTS_TABLES[audience]  # only what this audience may read, down to the words
    ranked: dict[int, float] = {}
    with connection.cursor() as cursor:
        expanded = _typed_expansion(cursor, wanted)
        for number, (exact, column) in enumerate(SQLITE_TIERS):
            match = _fts_match(community_id, wanted, statuses, facets, exact=exact, expanded=expanded, column=column)
            if match is None or len(ranked) >= limit:
                break
            # Enough rows to fill the page with items not found by a better tier.
            cursor.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY rowid DESC LIMIT %s",
                [match, limit + len(ranked)],
            )
            for (pk,) in cursor.fetchall():
                # The rank says the tier (higher is better), as bm25 and ts_rank, higher better.
                ranked.setdefault(pk, float(len(SQLITE_TIERS) - number))
    return list(ranked.items())[:limit]


# Facet counts: the matches without any entry point, each counted where the *other* entry points hold.
_COUNTS = """
SELECT 'types', i.type, COUNT(*) FROM i WHERE {activity} AND {theme} GROUP BY i.type
UNION ALL
SELECT 'activities', CAST(i.activity_id AS TEXT), COUNT(*) FROM i
 WHERE {type} AND {theme} AND i.activity_id IS NOT NULL GROUP BY i.activity_id
UNION ALL
SELECT 'themes', CAST(t.theme_id AS TEXT), COUNT(*) FROM i {themes} WHERE {type} AND {activity} GROUP BY t.theme_id
UNION ALL
SELECT 'matches', '', COUNT(*) FROM {matches}
"""


def _count_conditions(facets, theme_test: str) -> tuple[dict, list]:
    conditions, params = {}, {}
    for name, sql in (("type", "i.type = %s"), ("activity", "i.activity_id = %s"), ("theme", theme_test)):
        conditions[name] = sql if facets.get(name) else "1 = 1"
        params[name] = [facets[name]] if facets.get(name) else []
    order = [
        params["activity"] + params["theme"],
        params["type"] + params["theme"],
        params["type"] + params["activity"],
    ]
    return conditions, [param for group in order for param in group]


def _counts_sqlite(community_id, wanted, audience, visibilities, statuses, facets):
    """Counted from a narrow table of each item's facets (its type, themes and activity), joined
    to the matches by rowid: reading the FTS5 table's own columns would read each match's whole
    text (10 ms for 1,000 matches). The table of the reader's audience and the scope tokens in
    the MATCH already say what this reader may find, as for search()."""
    table = FTS_TABLES[audience]
    with connection.cursor() as cursor:
        expanded = _typed_expansion(cursor, wanted)
        match = _fts_match(community_id, wanted, statuses, {}, exact=False, expanded=expanded)
        if match is None:
            return []
        cursor.execute(
            f"SELECT f.facets FROM {table} JOIN knowledge_search_facets f ON f.id = {table}.rowid "
            f"WHERE {table} MATCH %s LIMIT %s",
            [match, COUNT_CAP + 1],
        )
        rows = [row[0] for row in cursor.fetchall()]
    chosen = {
        "type": f"type{_clean(facets['type'])}" if facets.get("type") else None,
        "theme": f"theme{int(facets['theme'])}" if facets.get("theme") else None,
        "activity": f"act{int(facets['activity'])}" if facets.get("activity") else None,
    }
    if not any(chosen.values()):  # the knowledge home without an entry point: counted at once
        found = Counter(" ".join(rows).split())
        return [_facet_key(name) + (count,) for name, count in found.items()] + [("matches", "", len(rows))]
    # Each entry point is counted where the *other* chosen entry points hold. A row is its type,
    # then its themes, then its activity (_facets).
    found = Counter()
    type_, theme, activity = chosen["type"], chosen["theme"], chosen["activity"]
    for row in rows:
        names = row.split()
        type_ok = type_ is None or names[0] == type_
        theme_ok = theme is None or theme in names
        activity_ok = activity is None or names[-1] == activity
        if theme_ok and activity_ok:
            found[names[0]] += 1
        if type_ok and activity_ok:
            found.update(name for name in names if name.startswith("theme"))
        if type_ok and theme_ok and names[-1].startswith("act"):
            found[names[-1]] += 1
    counts = {_facet_key(name): count for name, count in found.items()}
    return [(kind, key, count) for (kind, key), count in counts.items()] + [("matches", "", len(rows))]


_TYPES = {_clean(value): value for value in ItemType.values}


def _facet_key(name: str) -> tuple[str, str]:
    """A scope token's facet ("typegoodpractice", "theme7", "act3") as (kind, key) of facet_counts."""
    if name.startswith("type"):
        return "types", _TYPES.get(name[4:], name[4:])
    if name.startswith("theme"):
        return "themes", name[5:]
    return "activities", name[3:]


# ts_rank's weights, in the order D, C, B, A: every part of the text weighs the same.
PG_RANK_WEIGHTS = "{0.4,0.4,0.4,1.0}"


def _tsquery(wanted: Wanted, weights: str, exact: bool = False, expanded: list[str] | None = None) -> str:
    """Each word's stem (the word being typed also by its beginning: the words `expanded` from
    it, or a prefix query when None), restricted to the weights of the parts this reader may read
    (the core team reads them all); with `exact`, each word as typed. Terms are [a-z0-9]+: no
    operator."""
    restriction = "" if weights == "abcd" else weights.upper()
    weighted = (lambda term: f"'{term}':{restriction}") if restriction else (lambda term: f"'{term}'")
    if exact:
        return " & ".join(weighted(word) for _s, word, _p in wanted.terms)
    groups = []
    for stem, word, prefix in wanted.terms:
        if prefix:
            beginning = [f"'{word}':*{restriction}"] if expanded is None else [weighted(term) for term in expanded]
            groups.append("(" + " | ".join([weighted(stem), *beginning]) + ")")
        else:
            groups.append(weighted(stem))
    return " & ".join(groups)


def _pg_where(cursor, community_id, wanted, audience, visibilities, statuses, facets):
    """The search's condition, and its words' tsquery (what ranking reads). The scope tokens
    (community, statuses, entry point) are asked in the same tsquery as the words, so that the
    GIN index intersects their posting lists and yields only what the search finds: a word
    found in 40,000 items of all communities costs no more than its matches here. The word
    being typed is expanded from the table of words (_expand): a prefix query (`:*`) would make
    GIN read every posting list it covers whole before intersecting (about 9 ms). The columns
    are checked on the rows the GIN index yields (the visibility is not in the scope tokens),
    written so that the planner cannot answer them from the btree index on (community, status,
    visibility, type): reading its 70,000 entries of a community cost more (5 ms) than checking
    the rows."""
    scope = _scope(community_id, statuses, facets)
    if scope is None:
        return None, [], ""
    words = _tsquery(wanted, PG_WEIGHTS[audience], expanded=_typed_expansion(cursor, wanted))
    scope_query = " & ".join("(" + " | ".join(f"'{token}'" for token in tokens) + ")" for tokens in scope)
    where = (
        "i.search @@ %s::tsquery AND i.community_id + 0 = %s "
        "AND (i.visibility || '') = ANY(%s) AND (i.status || '') = ANY(%s)"
    )
    return where, [f"{scope_query} & ({words})", community_id, visibilities, statuses], words


def _ids_postgresql(community_id, wanted, audience, visibilities, statuses, facets, limit):
    weights = PG_WEIGHTS[audience]
    # Ranking reads only the readable weights: hidden words neither count nor lengthen the text.
    ranked = "c.search" if weights == "abcd" else f"ts_filter(c.search, '{{{','.join(weights)}}}')"
    # Ranking reads each match's tsvector from the table: its cost grows with the matches. The
    # candidates are capped (see PG_CANDIDATES): a word found in more items than that is ranked
    # among the first ones the index gives, so a very common word costs the same as a rare one.
    # The items holding every word as typed come first.
    with connection.cursor() as cursor:
        where, params, words = _pg_where(cursor, community_id, wanted, audience, visibilities, statuses, facets)
        if where is None:
            return []
        params = [words, _tsquery(wanted, weights, exact=True), *params, PG_CANDIDATES, limit]
        cursor.execute(
            f"SELECT c.id, ts_rank('{PG_RANK_WEIGHTS}', {ranked}, %s::tsquery, 2) AS rank, "
            "c.search @@ %s::tsquery AS exact "
            f"FROM (SELECT i.id, i.search FROM knowledge_knowledgeitem i WHERE {where} LIMIT %s) c "
            "ORDER BY exact DESC, rank DESC, c.id DESC LIMIT %s",
            params,
        )
        return [(row[0], float(row[1])) for row in cursor.fetchall()]


def _counts_postgresql(community_id, wanted, audience, visibilities, statuses, facets):
    with connection.cursor() as cursor:
        where, params, _words = _pg_where(cursor, community_id, wanted, audience, visibilities, statuses, {})
    if where is None:
        return []
    conditions, count_params = _count_conditions(facets, "i.search_themes @> ARRAY[%s]::bigint[]")
    sql = (
        "WITH i AS MATERIALIZED (SELECT i.id, i.type, i.activity_id, i.search_themes "
        f"FROM knowledge_knowledgeitem i WHERE {where} LIMIT %s)"
        + _COUNTS.format(themes="CROSS JOIN LATERAL unnest(i.search_themes) AS t(theme_id)", matches="i", **conditions)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, COUNT_CAP + 1, *count_params])
        return cursor.fetchall()


# Highlighting ----------------------------------------------------------------------------

SNIPPET_SCAN = 4000
TOKEN = re.compile(r"\w+", re.UNICODE)


def highlight(text: str, wanted: Wanted) -> SafeString:
    """`text` escaped, the words the search looked for wrapped in <mark>."""
    out, last = [], 0
    for found in TOKEN.finditer(text):
        if wanted.matches(found.group()):
            out.append(html.escape(text[last : found.start()]))
            out.append(f"<mark>{html.escape(found.group())}</mark>")
            last = found.end()
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))  # every piece of `text` went through html.escape


def snippet(text: str, wanted: Wanted, size: int = 240) -> SafeString:
    """About `size` characters of `text` around the first searched word (within the first
    SNIPPET_SCAN characters: a long text costs no more), highlighted."""
    text = " ".join(text[:SNIPPET_SCAN].split())
    start = 0
    for found in TOKEN.finditer(text):
        if wanted.matches(found.group()):
            start = max(0, found.start() - size // 3)
            break
    if start:
        start = text.find(" ", start) + 1 or start
    piece = text[start : start + size]
    if start + size < len(text):
        piece = piece.rsplit(" ", 1)[0] + " …"
    return highlight(("… " if start else "") + piece, wanted)
