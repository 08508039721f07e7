"""The project's URLs with the joint bids API included under `/api/v1/` (and the ballots and
meetings API, so that the schema is checked whole), for as long as `api/urls.py` does not
include them itself (then this is the project's URLs unchanged)."""

from django.urls import URLResolver, include, path

from api import urls as api_urls
from coop import urls as coop_urls

OURS = ("api.voting.urls", "api.governance.urls", "api.tendering.urls")


def _included(module: str) -> bool:
    return any(
        isinstance(p, URLResolver) and getattr(p.urlconf_name, "__name__", p.urlconf_name) == module
        for p in api_urls.urlpatterns
    )


api_patterns = [
    *api_urls.urlpatterns,
    *(path("", include(module)) for module in OURS if not _included(module)),
]

urlpatterns = [
    *(p for p in coop_urls.urlpatterns if str(p.pattern) != "api/v1/"),
    path("api/v1/", include((api_patterns, "api"))),
]
