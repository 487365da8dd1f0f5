"""A real S3-compatible server on 127.0.0.1 for the storage tests: moto's, in a process of its own.

Nothing is mocked in the test process: the app's boto3 talks HTTP to this server as it would to
MinIO or Amazon S3. `python -m tests.support.s3` is the server side; `S3Server` starts it.
"""

import logging
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

import boto3

# Not tests.conftest's: the server process imports this module without setting Django up.
BASE_DIR = Path(__file__).resolve().parents[2]

REGION = "eu-west-2"
# moto checks no signatures, but boto3 signs every request and needs a key to sign with.
ACCESS_KEY, SECRET_KEY = "test-access-key", "test-secret-key"


class S3Server:
    """moto's S3 server in a subprocess, on a port it chose itself (so no two runs collide)."""

    def __init__(self, log: Path) -> None:
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.s3"],
            cwd=BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        assert self.process.stdout is not None
        port = self.process.stdout.readline().strip()  # the server's first line: its port
        if not port.isdigit():
            self.stop()
            raise RuntimeError("The S3 server did not start:\n" + log.read_text())
        self.endpoint_url = f"http://127.0.0.1:{port}"
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def new_bucket(self) -> str:
        """An empty private bucket of its own for one test."""
        name = f"test-{uuid.uuid4().hex}"
        self.client.create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return name

    def environment(self, bucket: str) -> dict[str, str]:
        """What a web host's environment would say to use `bucket` on this server."""
        return {
            "FILE_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def objects(self, bucket: str) -> dict[str, bytes]:
        """Every object in the bucket, read straight from the server, by key."""
        listing = self.client.list_objects_v2(Bucket=bucket).get("Contents", [])
        return {
            item["Key"]: self.client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            for item in listing
        }

    def is_private(self, bucket: str, key: str) -> bool:
        """No grant to everyone or to every AWS account: only the bucket's owner reads it."""
        grants = self.client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
        return not any("/global/" in g["Grantee"].get("URI", "") for g in grants)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


def serve() -> None:
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    print(server.get_host_and_port()[1], flush=True)
    threading.Event().wait()  # until the test session terminates the process


if __name__ == "__main__":
    serve()
