"""Paginators whose cost does not grow with the archive.

Django's Paginator counts every row of the list (`COUNT(*)`) and reaches page n with an
`OFFSET` that reads all the rows before it: both grow with the site. Readers page through the
newest articles; older ones are reached through the year and month archives, the sitemaps and
search. So lists stop at `MAX_PAGES` pages, and sitemaps page by primary-key ranges.
"""

from math import ceil

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Subquery
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """At most `MAX_PAGES` pages: it counts at most the rows those pages show.

    A page past the last one is a 404 (ListView's usual answer), so no request reads more than
    `MAX_PAGES * per_page` rows. `capped` says whether the list goes on beyond them.
    """

    MAX_PAGES = 100

    def __init__(self, object_list, per_page, *args, keys=None, **kwargs):
        """`keys`: the list's primary keys in its order, when a smaller table holds them in an
        index (a tag's archive: its links); by default the list's own."""
        super().__init__(object_list, per_page, *args, **kwargs)
        self.keys = object_list.values("pk") if keys is None else keys

    @cached_property
    def rows_counted(self):
        """The list's rows, counted up to one past what the pages show."""
        limit = self.MAX_PAGES * self.per_page
        return self.keys.order_by()[: limit + 1].count()

    @cached_property
    def count(self):
        return min(self.rows_counted, self.MAX_PAGES * self.per_page)

    @property
    def capped(self):
        """Whether the list has more rows than its pages show."""
        return self.rows_counted > self.count


class KeysFirstPaginator(CappedPaginator):
    """A CappedPaginator whose page is found by its rows' keys first.

    Django reads page n as `LIMIT 10 OFFSET (n - 1) * 10` of the whole list query: every row
    skipped is joined with its category and author and, on PostgreSQL, has its comments
    counted; and SQLite may plan the joins so that it sorts the whole period or category
    first. Here one query walks the list's order in an index for the page's keys only, and
    the same query reads those ten rows by key.
    """

    def page(self, number):
        number = self.validate_number(number)
        keys = self.page_keys((number - 1) * self.per_page)
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)

    def page_keys(self, bottom):
        """The keys of the page whose first row is row `bottom` of the list."""
        return self.keys[bottom : bottom + self.per_page]


class MergedListsPaginator(KeysFirstPaginator):
    """A KeysFirstPaginator for a list made of several disjoint `parts`, each in the list's
    order along an index of its own: a category and the categories below it, an author's
    articles as lead writer and as co-writer.

    The database reads such a list along each part's index and sorts all the rows it found, a
    sort that grows with the parts; and counts it by testing every row of the table that one
    part's index does not lead to. Here the parts are the arms of one `UNION ALL`, read in the
    list's order and merged as they are read, so that a page reads about as many index entries
    as rows come before it, and the bounded count stops at the row past the last page:
    at most `MAX_PAGES * per_page` entries in all, whatever the size of the archive. The
    page's keys are read first, then its rows by key.
    """

    def __init__(self, object_list, per_page, parts, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.parts = parts

    @cached_property
    def rows_counted(self):
        if len(self.parts) < 2:
            return super().rows_counted
        limit = self.MAX_PAGES * self.per_page
        first, *rest = self.arms(["pk"], limit + 1)
        return first.union(*rest, all=True)[: limit + 1].count()

    def page_keys(self, bottom):
        if len(self.parts) < 2:
            return super().page_keys(bottom)
        top = bottom + self.per_page
        ordering = self.object_list.query.order_by or self.object_list.model._meta.ordering
        first, *rest = self.arms([name.lstrip("-") for name in ordering], top)
        rows = first.union(*rest, all=True).order_by(*ordering)[bottom:top]
        return [row["pk"] for row in rows]

    def arms(self, columns, count):
        """The parts as arms of one compound query, selecting `columns`, each read in the
        list's order and no further than its `count` first rows."""
        arms = [part.values(*columns) for part in self.parts]
        if connections[self.object_list.db].features.supports_slicing_ordering_in_compound:
            return [arm[:count] for arm in arms]
        # SQLite allows no ORDER BY or LIMIT in an arm. It reads each arm along its index
        # anyway, merges them when the compound is ordered, and stops at the compound's LIMIT.
        return [arm.order_by() for arm in arms]


class KeyRangePaginator(Paginator):
    """Pages by primary-key ranges: page n holds the rows with a key in the n-th run of
    `per_page` keys, counted from the table's lowest key.

    The lowest and highest keys come from one query of two index lookups, and each page is one
    index range, so the sitemap index and its last page cost what the first does. A page may
    hold fewer than `per_page` rows (keys of deleted or unpublished rows stay empty).
    """

    @cached_property
    def key_range(self):
        # The lowest and highest keys of the whole table: filtered, SQLite may walk another
        # index instead. A page may then list fewer rows, or none.
        rows = self.object_list.model._base_manager.using(self.object_list.db).order_by()
        lowest = rows.order_by("pk").values("pk")[:1]
        highest = rows.order_by("-pk").values("pk")[:1]
        found = rows.annotate(lowest=Subquery(lowest), highest=Subquery(highest))
        return found.values_list("lowest", "highest").first() or (1, 0)

    @cached_property
    def count(self):
        lowest, highest = self.key_range
        return highest - lowest + 1

    def page(self, number):
        number = self.validate_number(number)
        bottom = self.key_range[0] - 1 + (number - 1) * self.per_page
        rows = self.object_list.filter(pk__gt=bottom, pk__lte=bottom + self.per_page)
        return self._get_page(rows.order_by("pk"), number, self)

    @cached_property
    def num_pages(self):
        return max(1, ceil(self.count / self.per_page))
