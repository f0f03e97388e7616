#!/usr/bin/env python3
"""The demo's team channel: a webhook receiver on 127.0.0.1:PORT that appends each POST's event and text
to LOG_FILE, one line each (time, event, text), and answers 204; anything else gets 404. A repeat of an
event (the same Idempotency-Key: relman retries a try it did not see answered) is answered, not logged
again. Started by scripts/setup.sh; the shop plan's demo environment posts here (SHOP_DEMO_WEBHOOK)."""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

port, log_file = int(sys.argv[1]), sys.argv[2]
seen = set()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        key = self.headers.get("Idempotency-Key")
        if key is None or key not in seen:
            seen.add(key)
            try:
                message = json.loads(body)
            except ValueError:
                message = {"event": "?", "text": body.decode("utf-8", "replace")}
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
            with open(log_file, "a", encoding="utf-8") as log:
                log.write(f"{stamp} {message.get('event')} {message.get('text')}\n")
        self.send_response(204)
        self.end_headers()

    def do_GET(self):
        self.send_error(404)

    do_PUT = do_DELETE = do_HEAD = do_GET

    def log_message(self, format, *args):  # the log file is the channel; no access log
        pass


HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
