"""The outbox as a worker would run it: send every email waiting, in this process.

A test's transaction never commits, so the send that `queue_email` queues on commit never runs;
tests that read `mail.outbox` send what is waiting first."""

from outbox import sending


def send_queued_emails() -> int:
    return sending.send_unsent_now()
