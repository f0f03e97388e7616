"""bin/relman's side of the resident CLI (starter-cli's ResidentWire.java says the wire format): sends this
command line to the warm JVM, prints what the command prints as it prints it, and exits with its exit
code. Exits 125 when the command did not start there (no resident CLI, or it declined), so that bin/relman
runs it in a JVM of its own; RELMAN_RESIDENT=explain prints why it was declined."""
import os
import socket
import struct
import sys

PROTOCOL = "relman-resident-1"
NOT_STARTED = 125


def request(args):
    variables = [f"{key}={value}" for key, value in sorted(os.environ.items())
                 if key.startswith("RELMAN_") and key != "RELMAN_RESIDENT"]
    fields = [PROTOCOL, os.getcwd(), str(len(variables)), *variables, str(len(args)), *args]
    body = b"".join(os.fsencode(field) + b"\0" for field in fields)
    return struct.pack(">I", len(body)) + body


def main():
    path, args = sys.argv[1], sys.argv[2:]
    try:
        caller = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        caller.connect(path)
        caller.sendall(request(args))
    except OSError:
        return NOT_STARTED  # no resident CLI answers there (stopped, or another user's): nothing ran
    replies = caller.makefile("rb")
    outputs = {b"o": 1, b"e": 2}  # file descriptors, unbuffered: each line shows when it is printed
    closed = set()
    try:
        while True:
            head = replies.read(5)
            if len(head) < 5:
                break
            tag, length = head[:1], struct.unpack(">I", head[1:])[0]
            payload = replies.read(length)
            if tag in outputs and tag not in closed:
                try:
                    while payload:
                        payload = payload[os.write(outputs[tag], payload):]
                except OSError:
                    closed.add(tag)  # piped into head, a full disk: the command goes on, as in a JVM
            elif tag == b"x":
                return struct.unpack(">i", payload)[0]
            elif tag == b"r":
                if os.environ.get("RELMAN_RESIDENT") == "explain":
                    print(f"relman: the resident CLI declined: {payload.decode()}", file=sys.stderr)
                return NOT_STARTED
    except KeyboardInterrupt:
        return 130  # the resident CLI sees the hang-up and stops the command, as Ctrl-C would stop a JVM
    # It may have run part of the command: running it again in another JVM could do it twice.
    print("relman: the resident CLI stopped while it ran this command; check with 'relman status', and run"
          " it again with RELMAN_RESIDENT=off", file=sys.stderr)
    return 3


if __name__ == "__main__":
    sys.exit(main())
