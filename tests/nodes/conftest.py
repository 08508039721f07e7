"""A local S3 endpoint (moto's server, started by the tests on a free port) and settings that
point the default storage at it, as `CYD_STORAGE=s3` does in production."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "cyd-private"
KEYS = {"AWS_ACCESS_KEY_ID": "cyd-test-key", "AWS_SECRET_ACCESS_KEY": "cyd-test-secret"}


@dataclass(frozen=True)
class S3Endpoint:
    url: str
    bucket: str

    def client(self):  # type: ignore[no-untyped-def]
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name="eu-west-2",
            aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
        )

    def environment(self) -> dict[str, str]:
        """The environment a Cyd process needs to keep its files in this store."""
        return {
            "CYD_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.url,
            "AWS_S3_REGION_NAME": "eu-west-2",
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_S3_ACCESS_KEY_ID": KEYS["AWS_ACCESS_KEY_ID"],
            "AWS_S3_SECRET_ACCESS_KEY": KEYS["AWS_SECRET_ACCESS_KEY"],
        }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[S3Endpoint]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.nodes.s3_endpoint", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **KEYS},
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready", "the S3 endpoint did not start"
        endpoint = S3Endpoint(url=f"http://127.0.0.1:{port}", bucket=BUCKET)
        endpoint.client().create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
        )
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def s3_storage(settings, s3_endpoint: S3Endpoint) -> S3Endpoint:
    """The default storage in the object store, with the options of `coop.settings`."""
    from coop.settings import default_storage_from

    environment = {
        **s3_endpoint.environment(),
        "CYD_DOWNLOAD_LINK_SECONDS": str(settings.CYD_DOWNLOAD_LINK_SECONDS),
    }
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from(environment)}
    return s3_endpoint
