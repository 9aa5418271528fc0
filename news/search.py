"""Site search over articles: one backend per supported database.

PostgreSQL (production): full-text search with the built-in `indonesian` configuration, whose
stemmer reduces "menjaga", "dijaga" and "penjagaan" to `jaga`. `Article.search_vector` holds
the title (weight A), excerpt (B), body without its tags (C) and the name of the article's
category (D); migration 0003 gives it a GIN index on PostgreSQL only, outside `Meta.indexes`,
because SQLite rebuilds a table from `Meta.indexes` whenever a migration alters it and cannot
create a GIN index. Results are ranked with ts_rank and get a ts_headline snippet of the body.

SQLite (development, demo and the default test run): an FTS5 table, `news_article_fts`, with
the same four texts, created by migrations 0003 and 0011 on SQLite only. Chosen over a LIKE
fallback because for a few lines of SQL it behaves like PostgreSQL, so the same tests cover
both: whole words rather than substrings (markup in the body never matches), ranking with the
same field weights (bm25), and highlighted snippets. It does not stem: SQLite has no Indonesian
stemmer.

Inside words and prefixes. A reader typing "kamtibmas" also means "Bhabinkamtibmas" and
"kamtibmasnya". Both databases keep a vocabulary, every word the index has ever held, with a
trigram index (`news_searchword`: pg_trgm's GIN index on PostgreSQL; an FTS5 table with the
`trigram` tokenizer on SQLite; migration 0011). Each word of the query of 3 letters or more is
looked up there (`EXPANSIONS_PER_WORD` of the shortest words containing it, one query for the
whole query) and the search asks for any of them: `(kamtibmas OR bhabinkamtibmas) AND …`.
A trigram index over the articles' own text would find the same, but a common word would then
read the whole index: its matches cannot be taken newest first and stopped early, which the
word index can. The vocabulary grows with the language, not with the archive. Saving an article
adds its words; nothing removes them on the spot, because another article may hold the same
word. A word no published article holds any more would take one of the shortest places for
nothing, so `prune_vocabulary()` (run by `manage.py update_statistics`) removes such words in
one statement.

Query syntax, as websearch_to_tsquery's. Words in double quotes are a phrase: its words must
follow each other ("operasi ketupat"; a quote left open runs to the end). A word after a minus
sign (-banjir) excludes the articles containing it; it is not expanded (on PostgreSQL it still
matches its stem). Other words must all match. On PostgreSQL the words of a phrase are expanded
too, `(operasi | …) <-> (ketupat | …)`; on SQLite a phrase of two words or more is searched as
written (an FTS5 phrase cannot hold alternatives). A query of exclusions only finds nothing.

Sections. The name of an article's category is part of its indexed text, so "kamtibmas" finds
every article of the Kamtibmas section; renaming a category reindexes its articles.

Ranking. Title hits before excerpt, body and section hits (the weights); a query word found
whole or as the start of a word counts twice as much as one found inside another word.

Both rank only the newest `MATCHES_RANKED` (200) matches (newest by primary key, the order
articles were added in): ranking every match would cost more with every article the archive
gains, and a reader looking for a word a third of the archive contains wants recent news
anyway. Twenty pages of results stay available; the fewer ranked, the less a common word
costs (bm25 and ts_rank run per ranked match, and a smaller LIMIT lets PostgreSQL walk the
primary key backwards and stop early instead of reading every GIN match).

`update_index` and `remove_from_index` keep both up to date; they are the post_save and
post_delete handlers connected in `news.signals`. Writes that send no signals
(`QuerySet.update()`, `bulk_create()`) must call `index_articles()` themselves.
"""

import json
import re
from html import unescape
from typing import NamedTuple

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connections
from django.db.models import F, Func, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Replace
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
# A quoted phrase (perhaps left open), a word after a minus sign, or any other run of text.
TERM = re.compile(r'"([^"]*)"?|(?<!\S)-([^\s"]+)|([^\s"]+)')
MATCHES_RANKED = 200
# A trigram index cannot look up fewer than 3 letters: shorter words are searched as they are.
SHORTEST_EXPANDED = 3
EXPANSIONS_PER_WORD = 20
VOCABULARY = "news_searchword"


def query_words(query):
    """The letters-and-digits words of a query: what both backends actually search for."""
    return WORD.findall(query)


class Terms(NamedTuple):
    """What a query asks for: phrases (a lone word is a phrase of one), lowercased, that must
    all match, and words no result may contain."""

    phrases: list
    excluded: list

    def words(self):
        """The words of the phrases, each once, in the query's order."""
        return list(dict.fromkeys(word for phrase in self.phrases for word in phrase))


def search_terms(query):
    """The query's phrases and excluded words (the syntax: see the module's docstring)."""
    phrases, excluded = [], []
    for quoted, minus, plain in TERM.findall(query.lower()):
        if minus:
            excluded.extend(query_words(minus))
        elif quoted:
            phrases.append(query_words(quoted))
        else:
            phrases.extend([word] for word in query_words(plain))
    return Terms([phrase for phrase in phrases if phrase], list(dict.fromkeys(excluded)))


def plain_text(html):
    """The text of a sanitised body: every tag becomes a space, entities become characters."""
    return unescape(re.sub(TAG, " ", html))


def vocabulary_words(texts):
    """The words the vocabulary keeps for these texts: each word lowercased, once."""
    return {word.lower() for text in texts for word in query_words(text)}


def highlight(snippet):
    """A snippet as safe HTML: its text escaped, its hits (and only those) in <mark> tags."""
    marked = HIT.sub(r"<mark>\1</mark>", escape(" ".join(snippet.split())))
    return mark_safe(marked.replace(HIT_START, "").replace(HIT_END, ""))


def sections_named(query, categories):
    """The categories the query names: all the words of their name are in the query, or all
    the query's words are in their name ("lalu lintas", "kriminal" for Hukum & Kriminal)."""
    words = {word.lower() for word in query_words(query)}
    named = []
    for category in categories:
        name_words = {word.lower() for word in query_words(category.name)}
        if words and name_words and (name_words <= words or words <= name_words):
            named.append(category)
    return named


def category_name(articles):
    """The name of each article's category, as SQL."""
    names = articles.model._meta.get_field("category").related_model.objects.filter(
        pk=OuterRef("category_id")
    )
    return Coalesce(Subquery(names.values("name")[:1]), Value(""))


def expansions(using, words):
    """For each query word, the words of the vocabulary containing it, the word itself first.

    One query for the whole query; none when every word is too short to look up.
    """
    lookups = sorted({word for word in words if len(word) >= SHORTEST_EXPANDED})
    found = {word: [word] for word in words}
    if lookups:
        backend = backend_for(using)
        parts = " UNION ALL ".join(
            f"SELECT * FROM ({backend.containing_sql(n)} LIMIT {EXPANSIONS_PER_WORD}) AS w{n}"
            for n in range(len(lookups))
        )
        with connections[using].cursor() as cursor:
            cursor.execute(parts, [backend.containing_param(word) for word in lookups])
            for n, word in cursor.fetchall():
                found[lookups[n]].append(word)
    return {word: list(dict.fromkeys(variants)) for word, variants in found.items()}


def query_variants(using, terms):
    """The words of the query's phrases, each with the indexed words that contain it."""
    return expansions(using, terms.words())


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
    def vector(cls, articles):
        return (
            SearchVector("title", weight="A", config=cls.config)
            + SearchVector("excerpt", weight="B", config=cls.config)
            + SearchVector(cls.strip_tags("body"), weight="C", config=cls.config)
            + SearchVector(category_name(articles), weight="D", config=cls.config)
        )

    @staticmethod
    def words(articles):
        """The words of the articles' texts, as SQL selecting `word.lexeme`, and its params.

        The 'simple' configuration keeps each word of the texts as it is, lowercased.
        """
        keys, params = articles.order_by().values("pk").query.sql_with_params()
        sql = (
            "FROM news_article "
            "JOIN news_category ON news_category.id = news_article.category_id, "
            "unnest(to_tsvector('simple', news_article.title || ' ' || news_article.excerpt "
            "|| ' ' || regexp_replace(news_article.body, %s, ' ', 'g') || ' ' "
            "|| news_category.name)) AS word "
            f"WHERE news_article.id IN ({keys})"
        )
        return sql, [TAG, *params]

    @classmethod
    def index(cls, articles):
        """Two queries, however many articles: the vectors, then the new words."""
        articles.update(search_vector=cls.vector(articles))
        words, params = cls.words(articles)
        with connections[articles.db].cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {VOCABULARY} (word) SELECT DISTINCT word.lexeme {words} "
                "ON CONFLICT DO NOTHING",
                params,
            )

    @classmethod
    def prune(cls, articles):
        """One statement: a hash anti-join of the vocabulary with the articles' distinct words.

        It parses every article's text again (about 35 s for 100,000 articles on a busy
        2-core machine); without DISTINCT, the hash of every article's words spills to disk
        and takes three times longer.
        """
        words, params = cls.words(articles)
        with connections[articles.db].cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {VOCABULARY} WHERE NOT EXISTS (SELECT 1 FROM "
                f"(SELECT DISTINCT word.lexeme {words}) AS live "
                f"WHERE live.lexeme = {VOCABULARY}.word)",
                params,
            )
            return cursor.rowcount

    @classmethod
    def remove(cls, using, pk):
        """Nothing to do: the vector is deleted with its row."""

    @staticmethod
    def containing_sql(n):
        return f"SELECT {n}, word FROM {VOCABULARY} WHERE word LIKE %s ORDER BY length(word), word"

    @staticmethod
    def containing_param(word):
        return f"%{word}%"

    @classmethod
    def tsquery(cls, phrases, excluded=()):
        """Every phrase must match, each of its words by any of its variants, one word after
        the other; no excluded word may. Each word is alphanumeric: no syntax gets in."""
        text = " & ".join(
            [" <-> ".join("(" + " | ".join(word) + ")" for word in phrase) for phrase in phrases]
            + [f"!{word}" for word in excluded]
        )
        return SearchQuery(text, config=cls.config, search_type="raw")

    @classmethod
    def search(cls, articles, query):
        terms = search_terms(query)
        variants = query_variants(articles.db, terms)
        phrases = [[variants[word] for word in phrase] for phrase in terms.phrases]
        tsquery = cls.tsquery(phrases, terms.excluded)
        exact = cls.tsquery([[[word]] for word in variants])
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
        relevance = SearchRank(F("search_vector"), tsquery) + SearchRank(F("search_vector"), exact)
        return articles.filter(pk__in=newest).annotate(
            relevance=relevance, snippet=cls.unescape(headline)
        )


class SQLiteSearch:
    table = "news_article_fts"
    words_table = f"{VOCABULARY}_trigram"
    weights = "10.0, 4.0, 1.0, 0.5"  # title, excerpt, body, section: as PostgreSQL's A to D

    @staticmethod
    def texts(articles):
        """Each article's primary key and its four indexed texts, the body's as plain text."""
        rows = articles.values_list("pk", "title", "excerpt", "body", "category__name")
        for pk, title, excerpt, body, section in rows.iterator(chunk_size=2000):
            yield pk, title, excerpt, plain_text(body), section

    @classmethod
    def index(cls, articles):
        rows = list(cls.texts(articles))
        words = vocabulary_words(text for row in rows for text in row[1:])
        with connections[articles.db].cursor() as cursor:
            cursor.executemany(
                f"INSERT OR REPLACE INTO {cls.table} (rowid, title, excerpt, body, section) "
                "VALUES (%s, %s, %s, %s, %s)",
                rows,
            )
            # A trigger copies each new word into the trigram table (migration 0011).
            cursor.executemany(
                f"INSERT OR IGNORE INTO {VOCABULARY} (word) VALUES (%s)",
                [(word,) for word in sorted(words)],
            )

    @classmethod
    def remove(cls, using, pk):
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {cls.table} WHERE rowid = %s", [pk])

    @classmethod
    def prune(cls, articles):
        """Two queries: the articles' texts, read in chunks and split into words here as
        `index()` splits them, then one DELETE keeping those words (a JSON array the DELETE
        reads once). A trigger deletes the removed words' trigram rows (migration 0017)."""
        words = vocabulary_words(text for row in cls.texts(articles) for text in row[1:])
        with connections[articles.db].cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {VOCABULARY} WHERE word NOT IN (SELECT value FROM json_each(%s))",
                [json.dumps(sorted(words))],
            )
            return cursor.rowcount

    @classmethod
    def containing_sql(cls, n):
        return (
            f"SELECT {n}, word FROM {cls.words_table} WHERE {cls.words_table} MATCH %s "
            "ORDER BY length(word), word"
        )

    @staticmethod
    def containing_param(word):
        return f'"{word}"'

    @staticmethod
    def match(terms, variants):
        """The FTS5 query. Each word is a quoted string: FTS5 operators and syntax in the
        reader's query stay plain text."""
        wanted = " AND ".join(
            "(" + " OR ".join(f'"{word}"' for word in variants[phrase[0]]) + ")"
            if len(phrase) == 1
            else '"' + " ".join(phrase) + '"'
            for phrase in terms.phrases
        )
        if not terms.excluded:
            return wanted
        return f"({wanted}) NOT (" + " OR ".join(f'"{word}"' for word in terms.excluded) + ")"

    @classmethod
    def search(cls, articles, query):
        parsed = search_terms(query)
        variants = query_variants(articles.db, parsed)
        terms = cls.match(parsed, variants)
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
        # A query word at the start of a word of the text (whole, or as a prefix) doubles
        # the article's score: LIKE, for the ranked matches only.
        text = (
            f"(' ' || {cls.table}.title || ' ' || {cls.table}.excerpt || ' ' || "
            f"{cls.table}.body || ' ' || {cls.table}.section)"
        )
        starts = " + ".join(f"({text} LIKE %s)" for _ in variants) or "0"
        return articles.extra(
            tables=[cls.table],
            where=[
                f"{cls.table} MATCH %s",
                f"+{cls.table}.rowid = {meta.db_table}.{meta.pk.column}",
                f"{cls.table}.rowid >= {oldest_ranked}",
            ],
            params=[terms, terms],
            select={
                "relevance": f"-bm25({cls.table}, {cls.weights}) * (1 + {starts})",
                "snippet": f"snippet({cls.table}, 2, %s, %s, '…', 30)",
            },
            select_params=[*(f"% {word}%" for word in variants), HIT_START, HIT_END],
        )


BACKENDS = {"postgresql": PostgresSearch, "sqlite": SQLiteSearch}


def backend_for(using):
    return BACKENDS[connections[using].vendor]


def index_articles(articles):
    """Bring the search index up to date for a queryset of articles."""
    backend_for(articles.db).index(articles)


def update_index(sender, instance, using, **kwargs):
    """post_save: index the saved article (two queries on PostgreSQL, three on SQLite)."""
    index_articles(sender._base_manager.using(using).filter(pk=instance.pk))


def reindex_category(sender, instance, using, **kwargs):
    """post_save of a category: its articles' indexed section name follows a rename."""
    articles = instance.articles.model._base_manager.using(using)
    index_articles(articles.filter(category=instance))


def prune_vocabulary(articles):
    """Remove from the vocabulary every word none of `articles` holds; return how many.

    Called with the articles whose words should keep their place (`manage.py
    update_statistics` passes every published article, scheduled ones included: they become
    visible without being saved again). Any article saved later adds its words again. No
    content changes, so cached search pages are not forgotten: they expire as usual.
    """
    return backend_for(articles.db).prune(articles)


def remove_from_index(sender, instance, using, **kwargs):
    """post_delete: forget the deleted article."""
    backend_for(using).remove(using, instance.pk)
