"""The embedded broker: kombu's file-system transport with an atomic writer.

kombu writes each message straight into its final `<…>.msg` name, so a consumer polling the folder
can read a message that is only half written and fail with a JSONDecodeError (seen when beat runs
beside a worker). Here a message is written under a hidden temporary name in the same folder and
renamed into place: a rename within one folder is atomic, so a reader sees the whole file or none.
"""

import os
import uuid
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue: str, message: Any, **kwargs: Any) -> None:  # type: ignore[override]  # kombu's signature is untyped
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        # A leading dot keeps the half-written file out of kombu's `<stamp>_<id>.<queue>.msg` match.
        temporary = os.path.join(self.data_folder_out, f".{name}.tmp")
        try:
            with open(temporary, "wb") as f:
                f.write(dumps(message).encode())
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporary, os.path.join(self.data_folder_out, name))
        except OSError as exc:
            raise ChannelError(f"Cannot add message {name!r} to the broker folder") from exc

    def basic_consume(self, *args, **kwargs):
        self._ensure_folders()
        return super().basic_consume(*args, **kwargs)

    def _ensure_folders(self) -> None:
        for folder in (self.data_folder_in, self.data_folder_out, self.processed_folder):
            os.makedirs(folder, exist_ok=True)
        os.makedirs(self.control_folder, exist_ok=True)

    def _get(self, queue, timeout=None):
        self._ensure_folders()
        return super()._get(queue)

    def queue_declare(self, *args, **kwargs):
        self._ensure_folders()
        return super().queue_declare(*args, **kwargs)


class Transport(filesystem.Transport):
    Channel = Channel


TRANSPORT_ALIASES["atomicfs"] = "config.broker:Transport"
