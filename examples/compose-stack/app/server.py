"""The compose stack's services: api and web answer /health and /version on 8000; worker has no port.

A version whose name contains "broken" never becomes healthy (web) or exits soon after it starts (worker).
"""
import json
import os
import signal
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROLE = os.environ.get("ROLE", "api")
VERSION = os.environ.get("APP_VERSION", "v1")
BROKEN = "broken" in VERSION


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path.endswith("/health"):
            status, body = (500, {"healthy": False}) if BROKEN else (200, {"healthy": True})
        elif self.path.endswith("/version"):
            status, body = 200, {"role": ROLE, "version": VERSION, "replica": socket.gethostname()}
        else:
            status, body = 404, {"error": self.path}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def stop(*_):
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
if ROLE == "worker":
    started = time.time()
    while True:
        if BROKEN and time.time() - started > 2:
            sys.exit(3)
        with open("/tmp/heartbeat", "w") as beat:
            beat.write(str(time.time()))
        time.sleep(1)
else:
    # A production server's backlog, not socketserver's 5: a busy machine accepts slowly, and dropped
    # connections make nginx skip every replica for its fail_timeout.
    ThreadingHTTPServer.request_queue_size = 128
    ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
