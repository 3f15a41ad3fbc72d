"""Knowledge base search at 100,000 French items: the full-text index against a plain `icontains` scan.

    python -m bench.search [--engine sqlite|postgresql] [--items 100000] [--runs 5] [--output PATH]

For each engine a process of its own migrates a scratch database (SQLite in a temporary
directory; PostgreSQL in a database `terreau_bench_search` created for the run and dropped
after it, when a server answers on 127.0.0.1:5432), generates a tenth of the items, measures,
generates the rest and measures again. Items are believable French texts (plurals, verb
endings, accents) spread over 6 types, 12 themes, 8 activities and the three visibilities.

Measured, as a member would search (published items, public and members-only): 1-word and
3-word queries, each with an entry-point filter (a type or a theme), through
`terreau.knowledge.search.search()` (index, ranking, loading the items, highlighting), through
`search.facet_counts()` (what the knowledge home adds: how many results under each entry point)
and through a scan with `icontains` on title and text, the same filters, newest first. Median
and 95th percentile in ms; `x_icontains` is how many times faster the index is at the 95th
percentile. Target: search p95 under 10 ms at 100,000 items, scoped to a community, and at
least 10x faster than the scan. Records go into var/bench.json.
"""

import argparse
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench import results
from bench.run import ENV_DROPPED, PG_SERVER, ROOT, _pg_unavailable

PG_DATABASE = "terreau_bench_search"
TARGET_P95_MS = 10.0
TARGET_RATIO = 10.0

# Words of a rural development network, with their plurals and verb forms: what people write.
NOUNS = """
producteur producteurs productrice agriculteur agricultrices éleveur éleveurs maraîcher maraîchers marché marchés
halle halles ferme fermes coopérative coopératives coopération circuit circuits vente ventes consommateur
consommateurs commune communes village villages territoire territoires région mobilité navette navettes
covoiturage transport transports tourisme touristes gîte gîtes randonnée sentier sentiers patrimoine
évaluation évaluations communauté communautés réseau réseaux projet projets groupe groupes réunion réunions
atelier ateliers formation formations subvention subventions financement budget budgets partenaire partenaires
association associations bénévole bénévoles habitant habitants école écoles cantine cantines repas légumes
fruits fromage fromages lait viande pain boulangerie boucherie épicerie paniers panier livraison livraisons
logistique stockage chambre froide camion tournée tournées calendrier saison saisons hiver été printemps automne
énergie biomasse chaleur bois forêt forêts eau rivière biodiversité paysage paysages climat sécheresse
numérique plateforme site outil outils carte cartes inventaire diagnostic enquête enquêtes questionnaire
charte gouvernance décision décisions consentement animation animateur animatrice noyau rôle rôles
pratique pratiques leçon leçons mémo veille document rapport synthèse bilan bilans indicateur indicateurs
""".split()
VERBS = """
coopérer coopèrent organiser organisent organisé vendre vendent vendu livrer livrent livré partager partagent
partagé évaluer évaluent évalué financer financent financé mobiliser mobilisent mobilisé accueillir accueillent
former forment formé transporter transportent développer développent développé réduire réduisent améliorer
améliorent amélioré sensibiliser sensibilisent soutenir soutiennent créer créent créé relancer relancent
""".split()
ADJECTIVES = """
local locaux locale locales rural rurale ruraux rurales collectif collective collectifs durable durables
agricole agricoles wallon wallonne wallons mensuel mensuelle hebdomadaire annuel annuelle nouveau nouvelle
nouveaux petit petite petits grand grande grands partagé partagée commun commune communs simple efficace
""".split()
LINKS = "le la les des du de un une et pour avec dans sur par aux au en entre vers".split()
TYPES = ["good_practice", "lessons_learned", "exchange_memo", "watch_item", "document", "article"]
THEMES = [
    "Vente directe", "Logistique", "Mobilité", "Tourisme durable", "Alimentation", "Énergie",
    "Patrimoine", "Numérique", "Emploi", "Jeunesse", "Biodiversité", "Gouvernance",
]  # fmt: skip
ACTIVITIES = [
    ("Groupe marchés", "working_group"), ("Groupe cantines", "working_group"), ("Groupe mobilité", "working_group"),
    ("Foire annuelle", "event"), ("Rencontre de printemps", "event"), ("Halle fermière", "project"),
    ("Navette rurale", "project"), ("Communauté", "community"),
]  # fmt: skip
ONE_WORD = ["évaluation", "coopérer", "marchés", "mobilite", "producteurs", "livraison", "cantines", "biodiversité",
            "subventions", "randonnée", "fromage", "gouvernance"]  # fmt: skip
THREE_WORDS = [
    "circuits producteurs locaux", "évaluer projet communauté", "navette rurale mobilité", "marché fermes hiver",
    "coopérative agricole vente", "formation bénévoles associations", "chambre froide logistique",
    "tourisme durable sentiers", "cantines écoles légumes", "énergie bois forêt", "livraison paniers villages",
    "financement projets locaux",
]  # fmt: skip


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each query through the index")
    parser.add_argument("--output", type=Path, default=results.BENCH_JSON)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args.worker, items=args.items, runs=args.runs)

    started = time.perf_counter()
    engines = args.engine or ["sqlite", "postgresql"]
    records, failed, over_target = [], [], []
    for engine in engines:
        if engine == "postgresql" and (problem := _pg_unavailable()):
            print(f"PostgreSQL skipped: {problem} ({PG_SERVER}; set TERREAU_BENCH_PG to another server).")
            if args.engine:
                failed.append(engine)
            continue
        print(f"{engine}: generating {args.items:,} items in a scratch database and searching them…", flush=True)
        try:
            result = _measure(engine, items=args.items, runs=args.runs)
        except subprocess.CalledProcessError:
            print(f"{engine}: the measurement failed (see above).", file=sys.stderr)
            failed.append(engine)
            continue
        engine_records = _records(engine, result)
        records += engine_records
        print(_table(engine, result))
        large = result["large"]
        over_target += [f"{engine} {kind}" for kind in ("q1", "q3") if large["search"][kind]["p95"] > TARGET_P95_MS]
        over_target += [
            f"{engine} {kind} (only {_ratio(large, kind):.0f}x the scan)"
            for kind in ("q1", "q3")
            if _ratio(large, kind) < TARGET_RATIO
        ]
    if records:
        results.merge(records, args.output)
    if over_target:
        print(
            f"\nOFF THE TARGET (p95 ≥ {TARGET_P95_MS:.0f} ms or under {TARGET_RATIO:.0f}x the scan at "
            f"{args.items:,} items): {', '.join(over_target)}"
        )
    print(f"\n{len(records)} records written to {args.output} in {time.perf_counter() - started:.0f} s.")
    return 1 if failed or not records else 0


def _measure(engine: str, *, items: int, runs: int) -> dict:
    env = {name: value for name, value in os.environ.items() if name not in ENV_DROPPED}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50), TERREAU_HTTPS="0")
    with tempfile.TemporaryDirectory(prefix="terreau-bench-search-") as scratch:
        env["TERREAU_VAR_DIR"] = scratch
        output = Path(scratch) / "result.json"
        command = [sys.executable, "-m", "bench.search", "--worker", str(output), "--items", str(items)]
        command += ["--runs", str(runs)]
        if engine == "postgresql":
            with _pg_scratch_database() as url:
                subprocess.run(command, cwd=ROOT, env={**env, "DATABASE_URL": url}, check=True)
        else:
            subprocess.run(command, cwd=ROOT, env=env, check=True)
        return json.loads(output.read_text())


@contextmanager
def _pg_scratch_database():
    import psycopg

    def run(sql):
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as admin:
            admin.execute(sql)

    run(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    run(f"CREATE DATABASE {PG_DATABASE}")
    try:
        yield f"{PG_SERVER}/{PG_DATABASE}"
    finally:
        run(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def _ratio(measured: dict, kind: str) -> float:
    return measured["icontains"][kind]["p95"] / max(measured["search"][kind]["p95"], 0.001)


def _records(engine: str, result: dict) -> list[dict]:
    records = []
    for method in ("search", "counts", "icontains"):
        for kind in ("q1", "q3"):
            for figure in ("p50", "p95"):
                small, large = result["small"][method][kind][figure], result["large"][method][kind][figure]
                records.append(results.record(f"{engine}.knowledge_{method}.{kind}.{figure}_ms", small, large, "ms"))
    for kind in ("q1", "q3"):
        ratios = [_ratio(result[size], kind) for size in ("small", "large")]
        records.append(results.record(f"{engine}.knowledge_search.{kind}.x_icontains", *ratios, "x", 1))
    return records


METHODS = (("search", "full-text index"), ("counts", "facet counts"), ("icontains", "icontains scan"))


def _table(engine: str, result: dict) -> str:
    lines = [
        "",
        f"{engine}: knowledge search, {result['small']['items']:,} then {result['large']['items']:,} items "
        f"(ms; each query with an entry-point filter)",
        f"  {'':28}{'p50 small':>10}{'p95 small':>10}{'p50 large':>10}{'p95 large':>10}{'× faster (p95)':>16}",
    ]
    for kind, title in (("q1", "1 word"), ("q3", "3 words")):
        for method, name in METHODS:
            small, large = result["small"][method][kind], result["large"][method][kind]
            ratio = f"{_ratio(result['large'], kind):.0f}×" if method == "search" else ""
            label = f"{title}, {name}"
            lines.append(
                f"  {label:28}{small['p50']:>10.1f}{small['p95']:>10.1f}{large['p50']:>10.1f}{large['p95']:>10.1f}"
                f"{ratio:>16}"
            )
    hits = result["large"]["search"]
    lines.append(
        f"  generation: {result['large']['generation_s']:.0f} s; hits per query (median): "
        f"{hits['q1']['hits']} (1 word), {hits['q3']['hits']} (3 words)"
    )
    return "\n".join(lines)


# The measuring process ---------------------------------------------------------------------


def _worker(output: Path, *, items: int, runs: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    random.seed(4)
    world = _world()
    small = max(1, items // 10)
    started = time.perf_counter()
    _generate(world, small)
    result = {"small": _measure_all(world, small, runs)}
    _generate(world, items - small)
    result["large"] = _measure_all(world, items, runs)
    result["large"]["generation_s"] = time.perf_counter() - started
    output.write_text(json.dumps(result))
    return 0


def _world():
    from terreau.accounts.models import User
    from terreau.communities.models import Community, Membership, Theme
    from terreau.communities.themes import theme_slug
    from terreau.knowledge.models import ActivityTag

    community = Community.objects.create(name="Circuits courts", slug="circuits-courts", purpose="Bench", phase="run")
    other = Community.objects.create(name="Ailleurs", slug="ailleurs", purpose="Bench", phase="run")
    author = User.objects.create_user("bench@terreau.test", "x", display_name="Bench")
    Membership.objects.create(community=community, user=author)
    themes = Theme.objects.bulk_create(
        [Theme(community=community, name=name, slug=theme_slug(name)) for name in THEMES]
    )
    activities = ActivityTag.objects.bulk_create(
        [ActivityTag(community=community, name=name, kind=kind) for name, kind in ACTIVITIES]
    )
    return {"community": community, "other": other, "author": author, "themes": themes, "activities": activities}


def _sentence(length: int) -> str:
    words = []
    for _ in range(length):
        pool = random.choices([NOUNS, VERBS, ADJECTIVES, LINKS], weights=[5, 2, 2, 4])[0]
        # A Zipf-like pick half the time: some words are everywhere, most are rarer.
        words.append(
            pool[min(int(random.paretovariate(1.1)) - 1, len(pool) - 1)]
            if random.random() < 0.5
            else random.choice(pool)
        )
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _generate(world: dict, count: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from terreau.knowledge import search
    from terreau.knowledge.models import KnowledgeItem

    through = KnowledgeItem.themes.through
    names = {theme.pk: theme.name for theme in world["themes"]}
    now = timezone.now()
    batch_size = 5000
    for start in range(0, count, batch_size):
        size = min(batch_size, count - start)
        with transaction.atomic():
            batch = []
            for _ in range(size):
                # One item in ten belongs to another community: the index holds both.
                community = world["other"] if random.random() < 0.1 else world["community"]
                text = "\n".join(_sentence(random.randint(8, 20)) for _ in range(random.randint(3, 8)))
                batch.append(
                    KnowledgeItem(
                        community=community,
                        type=random.choice(TYPES),
                        title=_sentence(random.randint(3, 8))[:-1],
                        fields={"why": text},
                        search_text=text,
                        status=random.choices(["published", "draft", "archived"], weights=[8, 1, 1])[0],
                        visibility=random.choices(["public", "members", "core_team"], weights=[3, 6, 1])[0],
                        activity=random.choice(world["activities"]) if community == world["community"] else None,
                        author=world["author"],
                        version=1,
                        published_at=now,
                    )
                )
            created = KnowledgeItem.objects.bulk_create(batch)
            links, entries = [], []
            for item in created:
                theme_ids = []
                if item.community_id == world["community"].pk:
                    theme_ids = [theme.pk for theme in random.sample(world["themes"], random.randint(0, 2))]
                links += [through(knowledgeitem_id=item.pk, theme_id=theme_id) for theme_id in theme_ids]
                entries.append((item, [(theme_id, names[theme_id]) for theme_id in theme_ids]))
            through.objects.bulk_create(links)
            search.index_many(entries)
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum does on a live server: the rows rewritten by the index's theme ids are cleared.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "PRAGMA optimize")


def _queries(world: dict, words: list[str]) -> list[dict]:
    """Each query with an entry-point filter: a type, or a theme, alternately."""
    queries = []
    for number, query in enumerate(words):
        if number % 2:
            queries.append({"query": query, "theme_id": world["themes"][number % len(world["themes"])].pk})
        else:
            queries.append({"query": query, "type": TYPES[number % len(TYPES)]})
    return queries


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def at(fraction):
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return {"p50": at(0.5) * 1000, "p95": at(0.95) * 1000, "samples": len(ordered)}


def _measure_all(world: dict, items: int, runs: int) -> dict:
    result = {"items": items, "search": {}, "counts": {}, "icontains": {}}
    for kind, words in (("q1", ONE_WORD), ("q3", THREE_WORDS)):
        queries = _queries(world, words)
        for query in queries:  # warm-up: caches, prepared plans
            _search(world, **query)
        samples, hits = [], []
        for _ in range(runs):
            for query in queries:
                began = time.perf_counter()
                found = _search(world, **query)
                samples.append(time.perf_counter() - began)
                hits.append(found)
        result["search"][kind] = {**_percentiles(samples), "hits": sorted(hits)[len(hits) // 2]}
        samples = []
        for _ in range(runs):
            for query in queries:
                began = time.perf_counter()
                _counts(world, **query)
                samples.append(time.perf_counter() - began)
        result["counts"][kind] = _percentiles(samples)
        samples = []
        for query in queries:
            began = time.perf_counter()
            _icontains(world, **query)
            samples.append(time.perf_counter() - began)
        result["icontains"][kind] = _percentiles(samples)
    return result


VISIBILITIES = ["public", "members"]
STATUSES = ["published", "archived"]


def _search(world, *, query, type=None, theme_id=None) -> int:
    from terreau.knowledge import search

    hits = search.search(
        community=world["community"],
        query=query,
        visibilities=VISIBILITIES,
        statuses=STATUSES,
        type=type,
        theme_id=theme_id,
    )
    return len(hits)


def _counts(world, *, query, type=None, theme_id=None) -> int:
    from terreau.knowledge import search

    counts = search.facet_counts(
        community=world["community"],
        query=query,
        visibilities=VISIBILITIES,
        statuses=STATUSES,
        type=type,
        theme_id=theme_id,
    )
    return sum(counts["types"].values())


def _icontains(world, *, query, type=None, theme_id=None) -> int:
    from django.db.models import Q

    from terreau.knowledge.models import KnowledgeItem

    items = KnowledgeItem.objects.filter(community=world["community"], visibility__in=VISIBILITIES, status__in=STATUSES)
    if type:
        items = items.filter(type=type)
    if theme_id:
        items = items.filter(themes=theme_id)
    for word in query.split():
        items = items.filter(Q(title__icontains=word) | Q(search_text__icontains=word))
    return len(list(items.order_by("-updated_at")[:30]))


if __name__ == "__main__":
    sys.exit(main())
