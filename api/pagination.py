"""Page-number pagination for every list endpoint (`?page=`, `?page_size=` up to 500)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Generic, TypeVar

from rest_framework.pagination import PageNumberPagination

T = TypeVar("T")


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class CountedRows(Generic[T]):
    """Rows streamed from an iterator whose total is known, so the page paginator can slice
    one page out of them without building the rest (Django's Paginator needs len and a
    slice)."""

    def __init__(self, rows: Iterator[T], count: int) -> None:
        self._rows = rows
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> list[T]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("CountedRows supports only one plain slice")
        rows = list(islice(self._rows, index.start or 0, index.stop))
        # Close the source now: a half-read server-side cursor (PostgreSQL) must not outlive
        # the request's transaction.
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()
        return rows
