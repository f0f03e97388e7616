#!/usr/bin/env python3
"""The shop sample service: /health, /version and /items, backed by PostgreSQL (PG* variables)."""
import json
import os
import random
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg2

from releases import RELEASE, VERSION


def query(sql):
    with psycopg2.connect(connect_timeout=2) as connection, connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


STARTED = time.monotonic()


def health():
    if not RELEASE["healthy"]:
        return 503, f"{VERSION} is broken on purpose\n"
    sickens_after = RELEASE.get("sickens_after")
    if sickens_after is not None and time.monotonic() - STARTED >= sickens_after:
        # A release that passes its check and breaks later: a leak, a pool that runs dry, a cache that expires.
        return 503, f"{VERSION} broke {sickens_after} s after its start, on purpose\n"
    try:
        revision = query("SELECT version_num FROM alembic_version")[0][0]
    except Exception as error:  # no database, or no schema yet
        return 503, f"database not ready: {error}\n"
    if revision < RELEASE["schema"]:
        return 503, f"schema is at {revision}; {VERSION} needs {RELEASE['schema']}: run the migration\n"
    return 200, "ok\n"


# Requests served, the health checks and this count's own aside: the warm hook shows it is 0 before traffic.
served = 0
served_lock = threading.Lock()


def count_served():
    global served
    with served_lock:
        served += 1


def items():
    columns = "id, name, note" if RELEASE["schema"] >= "0002" else "id, name"
    rows = query(f"SELECT {columns} FROM items ORDER BY id")
    names = columns.split(", ")
    return 200, json.dumps([dict(zip(names, row)) for row in rows]) + "\n"


ROUTES = {
    "/health": health,
    "/served": lambda: (200, f"{served}\n"),
    "/version": lambda: (200, json.dumps({"version": VERSION, "replica": socket.gethostname()}) + "\n"),
    "/items": items,
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        route = ROUTES.get(self.path)
        if self.path not in ("/health", "/served"):
            count_served()
        try:
            status, body = route() if route else (404, "not found\n")
        except Exception as error:
            status, body = 500, f"error: {error}\n"
        if self.path != "/health" and self.client_address[0] != "127.0.0.1" and random.random() < RELEASE.get("errors", 0):
            # A release that passes its health check and fails some of its users' requests (not its own warm
            # hook's, from inside the container): what a canary's analysis is for.
            status, body = 500, f"{VERSION} failed this request on purpose\n"
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if body.startswith(("{", "[")) else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() waits for requests in flight
    block_on_close = True
    # socketserver's backlog of 5 drops connections when a busy machine is slow to accept them; nginx then
    # times out connecting and skips the replica. 128 is what production servers start with (gunicorn: 2048).
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # A client that hangs up (a probe, nginx after a timeout) is not an error of the service.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def main():
    needed = RELEASE.get("needs")
    if needed and not os.environ.get(needed):
        # The most common broken release: a setting it needs was never given. It exits as EX_CONFIG.
        print(f"shop {VERSION}: {needed} is not set; give it in the service's env", file=sys.stderr, flush=True)
        sys.exit(78)
    server = Server(("0.0.0.0", 8000), Handler)
    # docker stop sends SIGTERM: stop accepting, finish what is in flight, then exit.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"shop {VERSION} listening on :8000", flush=True)
    server.serve_forever()
    server.server_close()
    print(f"shop {VERSION} stopped gracefully", flush=True)


if __name__ == "__main__":
    main()
