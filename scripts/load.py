#!/usr/bin/env python3
"""A bounded HTTP load loop for the demo: two clients request URL until STOP_FILE exists (at most
10 minutes), then print the number of requests, those that got the plan's maintenance page (503 with
Retry-After) and the other failures. Only ever points at 127.0.0.1."""
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlparse

url, stop_file = sys.argv[1], sys.argv[2]
assert urlparse(url).hostname == "127.0.0.1", "the load loop only targets 127.0.0.1"
if os.path.exists(stop_file):
    os.remove(stop_file)
deadline = time.monotonic() + 600
counts = {"requests": 0, "failures": 0, "page": 0}
lock = threading.Lock()


def client():
    while not os.path.exists(stop_file) and time.monotonic() < deadline:
        page = False
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                ok = response.status == 200
                response.read()
        except urllib.error.HTTPError as error:
            ok, page = False, error.code == 503 and error.headers.get("Retry-After") is not None
        except Exception:
            ok = False
        with lock:
            counts["requests"] += 1
            counts["page"] += 1 if page else 0
            counts["failures"] += 0 if ok or page else 1
        time.sleep(0.01)


threads = [threading.Thread(target=client) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f"load: {counts['requests']} requests, {counts['page']} got the maintenance page (503, Retry-After)"
      f" while the database changed, {counts['failures']} failed")
