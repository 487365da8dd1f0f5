"""gunicorn's production settings: `gunicorn config.wsgi --config config/gunicorn.py`.

The Dockerfile and docker-compose.yml use them; `make bench` does not (it sets its own two
workers). GUNICORN_CMD_ARGS, gunicorn's own variable, overrides any of them for one run.
"""

import math
import os
from pathlib import Path


def usable_cpus(cpu_max: Path = Path("/sys/fs/cgroup/cpu.max")) -> int:
    """The CPUs this process may run on, capped by its container's CPU quota (cgroup v2).

    `os.cpu_count()` counts the whole host: a replica limited to one CPU on a 16-core machine
    would start 33 workers that fight over that one CPU.
    """
    cpus = len(os.sched_getaffinity(0))
    try:
        quota, period = cpu_max.read_text().split()
    except (OSError, ValueError):
        return cpus
    if quota == "max":
        return cpus
    return max(1, min(cpus, math.ceil(int(quota) / int(period))))


bind = ["0.0.0.0:8000"]

# gunicorn's rule of thumb: about half the time a worker waits on PostgreSQL, Redis or the file
# store, so twice the CPUs (plus one) keeps them all busy. WEB_CONCURRENCY sets it by hand.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * usable_cpus() + 1)

# Threaded workers, because gunicorn's plain "sync" worker closes every connection after one
# response and so ignores `keepalive` below. Two threads let a worker answer a second request
# while the first waits on the database or on the bucket. Each thread keeps its own database
# connection (DATABASE_CONN_MAX_AGE): a host holds up to workers × threads of them.
worker_class = "gthread"
threads = 2

# Behind a proxy (nginx in the scale profile, or a cloud load balancer) that keeps idle
# connections open to reuse them: gunicorn must keep them open longer than the proxy does
# (nginx's upstream keepalive_timeout, 60 s in deploy/nginx.conf; most load balancers idle out
# at 60 s), or it may close one just as the proxy sends a request down it, and that request
# fails with a 502.
keepalive = 75

# Import the app once in the master, then fork: the workers share its memory and start at once,
# and a broken configuration (no SECRET_KEY: see config/wsgi.py) stops gunicorn at start-up
# instead of leaving workers failing in a loop. Nothing connects to the database, Redis or the
# bucket at import, so no connection is shared between workers. A code change needs a restart.
preload_app = True

# The workers' heartbeat files in memory: on a container's overlay disk a slow write can make
# the master think a busy worker has hung, and kill it.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108

accesslog = "-"
