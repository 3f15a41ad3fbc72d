"""gunicorn's settings for Terreau: `gunicorn -c deploy/gunicorn.conf.py terreau.wsgi`.

Everything can be set from the environment (the systemd unit's EnvironmentFile, or the platform):
TERREAU_BIND (default 127.0.0.1:8000; a path for a Unix socket: unix:/run/terreau/web.sock),
WEB_CONCURRENCY (processes, default 2), GUNICORN_THREADS (threads per process, default 4),
GUNICORN_TIMEOUT (seconds, default 30), TERREAU_TRUSTED_PROXIES (whose X-Forwarded-* headers are
believed, default 127.0.0.1: the reverse proxy on the same machine).
"""

import os

bind = os.environ.get("TERREAU_BIND", "127.0.0.1:8000").split(",")
# Two processes at least: one can be recycled or busy while the other answers.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads: a page waiting on the database does not hold the whole process.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle a process now and then (memory held by a big export goes back to the system).
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = (
    ",".join(item for item in os.environ.get("TERREAU_TRUSTED_PROXIES", "127.0.0.1").split(",") if item != "unix")
    or "127.0.0.1"
)
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
# No preload: each process opens its own database and Redis connections after the fork.
preload_app = False
