"""Site search over articles: one backend per supported database.

PostgreSQL (production): full-text search with the built-in `indonesian` configuration, whose
stemmer reduces "menjaga", "dijaga" and "penjagaan" to `jaga`. `Article.search_vector` holds
the title (weight A), excerpt (B) and body without its tags (C); migration 0003 gives it a GIN
index on PostgreSQL only, outside `Meta.indexes`, because SQLite rebuilds a table from
`Meta.indexes` whenever a migration alters it and cannot create a GIN index. Results are
ranked with ts_rank and get a ts_headline snippet of the body.

SQLite (development, demo and the default test run): an FTS5 table, `news_article_fts`, with
the same three texts, created by migration 0003 on SQLite only. Chosen over a LIKE fallback
because for a few lines of SQL it behaves like PostgreSQL, so the same tests cover both: whole
words rather than substrings (markup in the body never matches), ranking with the same field
weights (bm25), and highlighted snippets. It does not stem: SQLite has no Indonesian stemmer.

Both rank only the newest `MATCHES_RANKED` (200) matches (newest by primary key, the order
articles were added in): ranking every match would cost more with every article the archive
gains, and a reader looking for a word a third of the archive contains wants recent news
anyway. Twenty pages of results stay available; the fewer ranked, the less a common word
costs (bm25 and ts_rank run per ranked match, and a smaller LIMIT lets PostgreSQL walk the
primary key backwards and stop early instead of reading every GIN match).

`update_index` and `remove_from_index` keep both up to date; they are the post_save and
post_delete handlers connected in `NewsConfig.ready()`. Writes that send no signals
(`QuerySet.update()`, `bulk_create()`) must call `index_articles()` themselves.
"""

import re
from html import unescape

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connections
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Private-use characters wrap the hits in a snippet: unlike "<mark>" they cannot be confused
# with the article's own text, which is escaped before they become <mark> tags.
HIT_START, HIT_END = "\ue000", "\ue001"
HIT = re.compile(f"{HIT_START}([^{HIT_START}{HIT_END}]*){HIT_END}")
TAG = r"<[^>]*>"
# The only entities in the text of a sanitised body (news.sanitize); "&amp;" must come last.
ENTITIES = [("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", " "), ("&amp;", "&")]
WORD = re.compile(r"[^\W_]+")
MATCHES_RANKED = 200


def query_words(query):
    """The letters-and-digits words of a query: what both backends actually search for."""
    return WORD.findall(query)


def plain_text(html):
    """The text of a sanitised body: every tag becomes a space, entities become characters."""
    return unescape(re.sub(TAG, " ", html))


def highlight(snippet):
    """A snippet as safe HTML: its text escaped, its hits (and only those) in <mark> tags."""
    marked = HIT.sub(r"<mark>\1</mark>", escape(" ".join(snippet.split())))
    return mark_safe(marked.replace(HIT_START, "").replace(HIT_END, ""))


class PostgresSearch:
    config = "indonesian"

    @staticmethod
    def strip_tags(field):
        """Every tag of the field's HTML replaced by a space, as SQL."""
        return Func(
            F(field),
            Value(TAG),
            Value(" "),
            Value("g"),
            function="REGEXP_REPLACE",
            output_field=TextField(),
        )

    @staticmethod
    def unescape(text):
        """html.unescape() as SQL, for the entities a sanitised body contains."""
        for entity, character in ENTITIES:
            text = Replace(text, Value(entity), Value(character), output_field=TextField())
        return text

    @classmethod
    def vector(cls):
        return (
            SearchVector("title", weight="A", config=cls.config)
            + SearchVector("excerpt", weight="B", config=cls.config)
            + SearchVector(cls.strip_tags("body"), weight="C", config=cls.config)
        )

    @classmethod
    def index(cls, articles):
        """One UPDATE, however many articles."""
        articles.update(search_vector=cls.vector())

    @classmethod
    def remove(cls, using, pk):
        """Nothing to do: the vector is deleted with its row."""

    @classmethod
    def search(cls, articles, query):
        # websearch_to_tsquery accepts any input: "quoted phrases", or, -exclusions.
        tsquery = SearchQuery(query, config=cls.config, search_type="websearch")
        # Entities go through ts_headline untouched (the parser skips them), then become text.
        headline = SearchHeadline(
            cls.strip_tags("body"),
            tsquery,
            config=cls.config,
            start_sel=HIT_START,
            stop_sel=HIT_END,
            min_words=15,
            max_words=30,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        matches = articles.filter(search_vector=tsquery)
        newest = matches.order_by("-pk").values("pk")[:MATCHES_RANKED]
        # ts_headline is costly: PostgreSQL computes it after the LIMIT, for one page only.
        return articles.filter(pk__in=newest).annotate(
            relevance=SearchRank(F("search_vector"), tsquery), snippet=cls.unescape(headline)
        )


class SQLiteSearch:
    table = "news_article_fts"
    weights = "10.0, 4.0, 1.0"  # title, excerpt, body: as PostgreSQL's A, B, C

    @classmethod
    def index(cls, articles):
        rows = [
            (pk, title, excerpt, plain_text(body))
            for pk, title, excerpt, body in articles.values_list("pk", "title", "excerpt", "body")
        ]
        with connections[articles.db].cursor() as cursor:
            cursor.executemany(
                f"INSERT OR REPLACE INTO {cls.table} (rowid, title, excerpt, body) "
                "VALUES (%s, %s, %s, %s)",
                rows,
            )

    @classmethod
    def remove(cls, using, pk):
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {cls.table} WHERE rowid = %s", [pk])

    @classmethod
    def search(cls, articles, query):
        # Each word as a quoted string: FTS5 operators and syntax in the query stay plain text.
        terms = " ".join(f'"{word}"' for word in query_words(query))
        meta = articles.model._meta
        # A join with the FTS5 table, which has no model: only extra() can add one. Correlated
        # subqueries instead recompute bm25's statistics for each article, and so does a join
        # led by news_article: the unary + keeps the FTS5 table in the lead. With 5,000 hits
        # the first page takes about 15 ms instead of 0.6 to 2.7 s (scripts/benchmark_search.py).
        # The rowid bound (the oldest of the newest MATCHES_RANKED matches) is a range FTS5
        # itself applies, so bm25 runs for those matches only.
        oldest_ranked = (
            f"COALESCE((SELECT rowid FROM {cls.table} WHERE {cls.table} MATCH %s "
            f"ORDER BY rowid DESC LIMIT 1 OFFSET {MATCHES_RANKED - 1}), 0)"
        )
        return articles.extra(
            tables=[cls.table],
            where=[
                f"{cls.table} MATCH %s",
                f"+{cls.table}.rowid = {meta.db_table}.{meta.pk.column}",
                f"{cls.table}.rowid >= {oldest_ranked}",
            ],
            params=[terms, terms],
            select={
                "relevance": f"-bm25({cls.table}, {cls.weights})",
                "snippet": f"snippet({cls.table}, 2, %s, %s, '…', 30)",
            },
            select_params=[HIT_START, HIT_END],
        )


BACKENDS = {"postgresql": PostgresSearch, "sqlite": SQLiteSearch}


def backend_for(using):
    return BACKENDS[connections[using].vendor]


def index_articles(articles):
    """Bring the search index up to date for a queryset of articles."""
    backend_for(articles.db).index(articles)


def update_index(sender, instance, using, **kwargs):
    """post_save: index the saved article (one query on PostgreSQL, two on SQLite)."""
    index_articles(sender._base_manager.using(using).filter(pk=instance.pk))


def remove_from_index(sender, instance, using, **kwargs):
    """post_delete: forget the deleted article."""
    backend_for(using).remove(using, instance.pk)
