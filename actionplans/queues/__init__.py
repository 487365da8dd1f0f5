"""Work queues: each person's home page, what needs them now, by role."""
