"""The read-only JSON API under /api/v1/: its paths are the site's with /api/v1 in front.

    problems.py     errors as RFC 9457 problem details (application/problem+json)
    throttling.py   per-client limits (API_RATE, API_SEARCH_RATE) over meetings/ratelimit.py
    serializers.py  what each answer holds (the OpenAPI schema is drawn from them)
    views.py        meetings, a statement, leaders, countries, search
    urls.py         the routes, the schema (/api/v1/schema/) and its docs (/api/v1/docs/)

Built on Django REST framework with drf-spectacular: DRF is the most used and kept of
Django's API frameworks, and drf-spectacular draws a true OpenAPI 3 description from the
same serializers that shape the answers, so the schema the tests fuzz is the API itself.
"""
