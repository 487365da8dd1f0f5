"""The embedded broker never hands a consumer a half-written message."""

import threading

import pytest
from kombu import Connection

import config.broker  # noqa: F401  (registers atomicfs://)


@pytest.fixture
def connection(tmp_path):
    folder = tmp_path / "queue"
    options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "processed_folder": str(tmp_path / "processed"),
        "control_folder": str(tmp_path / "control"),
        "store_processed": True,
    }
    with Connection("atomicfs://", transport_options=options) as conn:
        yield conn


def test_large_messages_read_whole_while_being_written(connection):
    body = "x" * 2_000_000  # big enough that a plain write is seen half done
    count = 40
    queue = connection.SimpleQueue("reminders-test")
    received: list[int] = []
    errors: list[BaseException] = []

    def consume():
        try:
            while len(received) < count:
                message = queue.get(timeout=30)
                assert message.payload["body"] == body
                received.append(message.payload["n"])
                message.ack()
        except BaseException as exc:
            errors.append(exc)

    reader = threading.Thread(target=consume)
    reader.start()
    with Connection(connection.as_uri(), transport_options=connection.transport_options) as writer:
        producer = writer.SimpleQueue("reminders-test")
        for n in range(count):
            producer.put({"n": n, "body": body})
    reader.join(timeout=120)
    assert errors == []
    assert sorted(received) == list(range(count))


def test_no_temporary_file_is_left_behind(connection, tmp_path):
    connection.SimpleQueue("q").put({"hello": "world"})
    names = [p.name for p in (tmp_path / "queue").iterdir()]
    assert len(names) == 1
    assert names[0].endswith(".q.msg")
