"""gunicorn's production settings, for a server with 2 cores (README, Production).

gunicorn reads this file from the directory it starts in; every value can be overridden on
its command line. Three sync workers keep both cores busy while one waits on the database;
most requests are answered from the page cache in well under a millisecond of work.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
timeout = 30  # a request still running after this is killed, and its worker replaced
graceful_timeout = 30
keepalive = 5  # the reverse proxy in front keeps its connections open
# The app is loaded once, before the workers are forked: a new worker starts in milliseconds
# instead of importing everything again (about 0.3 s of CPU). Code changes need a restart of
# gunicorn itself, not a HUP.
preload_app = True
# Each worker is replaced after about ten thousand requests (at different times, thanks to the
# jitter), so a slow leak never grows and the workers never restart all at once. During a
# spike a worker answers a thousand page-cache hits a second: replacing it every thousand
# requests would spend a good share of the CPU on new workers and their empty local caches.
max_requests = 10000
max_requests_jitter = 1000
# X-Forwarded-Proto/-For are believed only from the reverse proxies the site trusts.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1")
