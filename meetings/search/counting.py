"""What Parley's engines add to Haystack's query: whether the hit count is exact."""


class HitsExactMixin:
    """Keeps the backend's `hits_exact`: past FACET_DOC_LIMIT a count is an estimate."""

    hits_exact = True

    def run(self, spelling_query=None, **kwargs):
        final_query = self.build_query()
        search_kwargs = self.build_params(spelling_query=spelling_query)
        search_kwargs.update(kwargs)
        results = self.backend.search(final_query, **search_kwargs)
        self._results = results.get("results", [])
        self._hit_count = results.get("hits", 0)
        self.hits_exact = results.get("hits_exact", True)
        self._facet_counts = self.post_process_facets(results)
        self._spelling_suggestion = results.get("spelling_suggestion", None)
