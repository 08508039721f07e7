"""A local S3-compatible endpoint for the tests: moto's server (from PyPI), served by werkzeug
on 127.0.0.1, with the one S3 rule moto does not apply: a presigned link is refused once
X-Amz-Date + X-Amz-Expires has passed (moto 5 checks neither the expiry nor the signature of a
presigned link; it does refuse an unsigned GET of a private object).

Run: `python -m tests.nodes.s3_endpoint PORT`; it prints "ready" when it listens.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

EXPIRED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
    b"<Message>Request has expired</Message></Error>"
)


def expired(query: dict[str, list[str]], now: dt.datetime) -> bool:
    """Whether a presigned (SigV4 query) request is past its expiry."""
    if "X-Amz-Expires" not in query or "X-Amz-Date" not in query:
        return False
    signed_at = dt.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(
        tzinfo=dt.UTC
    )
    return now > signed_at + dt.timedelta(seconds=int(query["X-Amz-Expires"][0]))


def with_expiry(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    def checked(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        query = parse_qs(environ.get("QUERY_STRING", ""))
        if expired(query, dt.datetime.now(dt.UTC)):
            start_response("403 Forbidden", [("Content-Type", "application/xml")])
            return [EXPIRED]
        return app(environ, start_response)

    return checked


def main(port: int) -> None:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server

    server = make_server(
        "127.0.0.1",
        port,
        with_expiry(DomainDispatcherApplication(create_backend_app)),
        threaded=True,
    )
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
