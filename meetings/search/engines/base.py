"""What Parley's two engines share: results, facets, spelling, removal, exact counts.

Each engine (engines/whoosh, engines/xapian) subclasses Haystack's backend for its library
and mixes `ParleyBackendMixin` in first; the mixin keeps what they would otherwise repeat,
and leaves each engine the few calls that touch its library (`_delete_identifiers`,
`_knows_word`, `_closest_word`). Together they satisfy `contract.ParleyBackend`.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.encoding import force_str
from haystack.constants import DJANGO_CT, DJANGO_ID
from haystack.models import SearchResult
from haystack.utils import get_identifier
from haystack.utils.app_loading import haystack_get_model
from whoosh.analysis import STOP_WORDS

# Words shorter than this are never corrected.
MIN_SPELLING_LENGTH = 3


class ParleyBackendMixin:
    """The parts of a Parley engine that do not depend on its library."""

    # Set by Haystack's backend, which each engine mixes this into.
    connection_alias: str
    include_spelling: bool

    # Removal

    def remove(self, obj_or_string: Any, commit: bool = True) -> None:
        self.remove_many([obj_or_string])

    def remove_many(self, objs_or_strings: Iterable[Any]) -> None:
        """Remove several documents with one writer."""
        ids = [get_identifier(obj) for obj in objs_or_strings]
        if ids:
            self._delete_identifiers(ids)

    def _delete_identifiers(self, ids: list[str]) -> None:
        raise NotImplementedError

    # Results

    def build_results(
        self,
        rows: Iterable[tuple[dict, float]],
        fields: str | Iterable[str] | None,
        result_class: type | None,
    ) -> list:
        """Haystack results from (stored fields, score) pairs, values converted by the index."""
        from haystack import connections

        unified_index = connections[self.connection_alias].get_unified_index()
        wanted = set(fields.split()) if isinstance(fields, str) else set(fields or ())
        index_fields, results = {}, []
        for stored, score in rows:
            content_type = stored[DJANGO_CT]
            if content_type not in index_fields:
                model = haystack_get_model(*content_type.split("."))
                index_fields[content_type] = unified_index.get_index(model).fields if model else {}
            known = index_fields[content_type]
            extra = {}
            for key, value in stored.items():
                if key in (DJANGO_CT, DJANGO_ID) or (wanted and key not in wanted):
                    continue
                extra[key] = known[key].convert(value) if key in known else value
            app_label, model_name = content_type.split(".")
            results.append(
                (result_class or SearchResult)(
                    app_label, model_name, stored[DJANGO_ID], score or 0, **extra
                )
            )
        return results

    @staticmethod
    def facet_counts(counts: Mapping[str, Iterable[tuple]], facets: dict) -> dict:
        """Haystack's facet dictionary: each field's values by count, then value."""
        if not facets:
            return {}
        return {
            "fields": {
                name: sorted(counts[name], key=lambda kv: (-kv[1], kv[0]))[
                    : (facets[name] or {}).get("limit") or None
                ]
                for name in facets
            },
            "dates": {},
            "queries": {},
        }

    # Spelling

    def _suggest(self, spelling_query: str | None) -> str | None:
        if not self.include_spelling or not spelling_query:
            return None
        return self.create_spelling_suggestion(spelling_query)

    def create_spelling_suggestion(self, query_string: str) -> str | None:
        """Replace each word the index does not know by its closest known word."""
        words = re.findall(r"\w+", force_str(query_string).lower())
        if not words or not self._spelling_ready():
            return None
        suggested = []
        for word in words:
            if len(word) < MIN_SPELLING_LENGTH or word in STOP_WORDS or self._knows_word(word):
                suggested.append(word)
            else:
                suggested.append(self._closest_word(word) or word)
        return " ".join(suggested) if suggested != words else None

    def _spelling_ready(self) -> bool:
        return True

    def _knows_word(self, word: str) -> bool:
        raise NotImplementedError

    def _closest_word(self, word: str) -> str | None:
        raise NotImplementedError

    def more_like_this(self, model_instance: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return {"results": [], "hits": 0}


class HitsExactMixin:
    """Keeps the backend's `hits_exact` (past FACET_DOC_LIMIT a count is an estimate) and
    `too_broad` (a prefix stood for fewer words than it matches, or time ran out)."""

    hits_exact = True
    too_broad = False

    # Haystack's query class, which each engine mixes this into, has these.
    backend: Any
    build_query: Callable[[], Any]
    build_params: Callable[..., dict[str, Any]]
    post_process_facets: Callable[[dict[str, Any]], dict[str, Any]]

    def run(self, spelling_query: str | None = None, **kwargs: Any) -> None:
        final_query = self.build_query()
        search_kwargs = self.build_params(spelling_query=spelling_query)
        search_kwargs.update(kwargs)
        results = self.backend.search(final_query, **search_kwargs)
        self._results = results.get("results", [])
        self._hit_count = results.get("hits", 0)
        self.hits_exact = results.get("hits_exact", True)
        self.too_broad = results.get("too_broad", False)
        self._facet_counts = self.post_process_facets(results)
        self._spelling_suggestion = results.get("spelling_suggestion", None)
