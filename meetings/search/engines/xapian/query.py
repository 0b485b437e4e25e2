"""Haystack's filters (SQ trees) as Xapian queries, for the layout of fields.py.

The stock query class negates each member of a negated group (so `-word`, which searches
two fields, excluded only documents with the word in both), ORs the words of a filter, and
matches an exact phrase against the whole field. Here a negated group excludes what the
group matches, all words must match, and a phrase may be anywhere in the field.
"""

import xapian
import xapian_backend
from django.utils.encoding import force_str
from haystack.backends import BaseSearchQuery, SearchNode
from haystack.exceptions import SearchBackendError
from haystack.inputs import AutoQuery, BaseInput, Exact, Raw

from ...contract import PREFIX_EXPANSION
from ..base import HitsExactMixin

# Matches every document and weighs nothing: a filter's base.
MATCH_ALL = xapian.Query(xapian.Query.OP_SCALE_WEIGHT, xapian.Query.MatchAll, 0)


class ParleyXapianSearchQuery(HitsExactMixin, xapian_backend.XapianSearchQuery):
    """Builds queries for Parley's Xapian backend; keeps whether its hit count is exact."""

    prefix_cut = False  # a prefix stood for fewer words than begin with it

    def __str__(self):
        return str(self.build_query())

    def run(self, spelling_query=None, **kwargs):
        self.prefix_cut = False
        super().run(spelling_query=spelling_query, **kwargs)
        self.too_broad = self.too_broad or self.prefix_cut

    def build_params(self, spelling_query=None):
        # Offsets stay Haystack's (absolute); the stock query class turns them into a count.
        return BaseSearchQuery.build_params(self, spelling_query=spelling_query)

    def build_query(self):
        # Models narrow the search in the backend (`models` is one of the search's params).
        query = self._node_query(self.query_filter) if self.query_filter else MATCH_ALL
        if self.boost:
            field = self.backend.field("content")
            boosts = [
                xapian.Query(
                    xapian.Query.OP_SCALE_WEIGHT, self.backend.text_query(field, str(term)), value
                )
                for term, value in self.boost.items()
            ]
            query = xapian.Query(
                xapian.Query.OP_AND_MAYBE, query, xapian.Query(xapian.Query.OP_OR, boosts)
            )
        return query

    def _node_query(self, node: SearchNode, negatable: bool = True) -> xapian.Query:
        included: list = []
        excluded: list = []
        for child in node.children:
            if isinstance(child, SearchNode):
                query = self._node_query(child, negatable=False)
                (excluded if child.negated else included).append(query)
            else:
                expression, value = child
                name, filter_type = node.split_expression(expression)
                included.append(self._leaf_query(name, filter_type, value))
        if node.connector == "OR":
            parts = included + [negate(query) for query in excluded]
            query = xapian.Query(xapian.Query.OP_OR, parts) if parts else MATCH_ALL
        else:
            query = xapian.Query(xapian.Query.OP_AND, included) if included else MATCH_ALL
            if excluded:
                query = xapian.Query(
                    xapian.Query.OP_AND_NOT, query, xapian.Query(xapian.Query.OP_OR, excluded)
                )
        return negate(query) if node.negated and negatable else query

    def _leaf_query(self, name, filter_type, value):
        backend = self.backend
        if isinstance(value, AutoQuery | Raw):
            text = value.prepare(self)
            return backend.parse_query(text if name == "content" else f"{name}:({text})")
        field = backend.field(name)
        if hasattr(value, "values_list"):
            value = list(value)
        phrase = isinstance(value, Exact) or filter_type == "exact"
        if isinstance(value, BaseInput):
            value = value.query_string

        if field.kind == "text":
            if filter_type == "in":
                return any_of([backend.text_query(field, force_str(v), phrase=True) for v in value])
            if filter_type not in ("content", "contains", "exact", "fuzzy", "startswith"):
                raise SearchBackendError(f"{name}__{filter_type} is not supported on text.")
            words = [force_str(value)] if phrase else force_str(value).split()
            queries = [backend.text_query(field, word, phrase=phrase) for word in words]
            if filter_type == "startswith" and words:
                queries[-1] = backend.text_query(field, words[-1], prefix=True)
                self.prefix_cut = self.prefix_cut or backend.prefix_is_cut(field, words[-1])
            return xapian.Query(xapian.Query.OP_AND, queries)

        if filter_type in ("content", "contains", "exact", "fuzzy"):
            return _equal(field, value)
        if filter_type == "in":
            return any_of([_equal(field, item) for item in value])
        if filter_type == "startswith" and field.kind == "keyword":
            return xapian.Query(
                xapian.Query.OP_WILDCARD,
                field.term(value) or "",
                PREFIX_EXPANSION,
                xapian.Query.WILDCARD_LIMIT_MOST_FREQUENT,
            )
        if field.slot is None or filter_type not in ("range", "gt", "gte", "lt", "lte"):
            raise SearchBackendError(f"{name}__{filter_type} is not supported.")
        if filter_type == "range":
            low, high = value
            return xapian.Query(
                xapian.Query.OP_VALUE_RANGE, field.slot, field.value(low), field.value(high)
            )
        if filter_type in ("gt", "gte"):
            low = field.after(value) if filter_type == "gt" else value
            return xapian.Query(xapian.Query.OP_VALUE_GE, field.slot, field.value(low))
        high = field.before(value) if filter_type == "lt" else value
        return xapian.Query(xapian.Query.OP_VALUE_LE, field.slot, field.value(high))


def _equal(field, value):
    if field.kind in ("date", "datetime", "float"):
        encoded = field.value(value)
        return xapian.Query(xapian.Query.OP_VALUE_RANGE, field.slot, encoded, encoded)
    term = field.term(value)
    return xapian.Query(term) if term else xapian.Query.MatchNothing


def any_of(queries):
    return xapian.Query(xapian.Query.OP_OR, queries) if queries else xapian.Query.MatchNothing


def negate(query):
    return xapian.Query(xapian.Query.OP_AND_NOT, MATCH_ALL, query)
