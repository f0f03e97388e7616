#!/usr/bin/env python3
"""Times relman's backup and restore next to plain pg_dump / pg_restore on the same database, in one
run, the alternatives interleaved (the order rotates every round), and prints medians and ratios.
Everything runs on this machine's Docker engine; no traffic leaves 127.0.0.1."""
import argparse
import json
import os
import re
import statistics
import subprocess
import time

HOME = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PLAN = os.path.join(HOME, "bench", "backup", "relman.yml")
RELMAN = os.path.join(HOME, "bin", "relman")
DB = "relman-bench-db"
WORK = os.path.join(HOME, ".relman", "bench-work")
RESULTS = os.path.join(HOME, "bench", "results", "backup.json")
ENV = {**os.environ, "PATH": "/usr/bin:" + os.environ["PATH"]}


def password():
    with open(os.path.join(HOME, ".relman", "secrets.env")) as secrets:
        return dict(line.strip().split("=", 1) for line in secrets if "=" in line)["SHOP_DB_PASSWORD"]


PASSWORD = password()


def sh(command, **kwargs):
    return subprocess.run(command, shell=True, check=True, env=ENV, text=True, capture_output=True, **kwargs).stdout


def pg(tool_args, stdin=None, stdout=None):
    """A client tool inside the database container, as the guides run it: docker exec."""
    command = ["docker", "exec"] + (["-i"] if stdin is not None else []) + ["-e", "PGPASSWORD=" + PASSWORD, DB]
    return subprocess.run(command + tool_args, check=True, env=ENV, stdin=stdin, stdout=stdout,
                          stderr=subprocess.PIPE)


def psql(sql, database="bench"):
    return pg(["psql", "-X", "-q", "-t", "-A", "-h", "localhost", "-U", "bench", "-d", database, "-c", sql],
              stdout=subprocess.PIPE).stdout.decode().strip()


def fresh_database(args):
    sh("docker rm -f %s >/dev/null 2>&1 || true" % DB)
    sh("docker network create relman-bench >/dev/null 2>&1 || true")
    sh("docker run -d --name %s --network relman-bench -e POSTGRES_USER=bench -e POSTGRES_DB=bench "
       "-e POSTGRES_PASSWORD=%s relman/postgres:15 >/dev/null" % (DB, PASSWORD))
    for _ in range(300):
        try:
            psql("SELECT 1")
            break
        except subprocess.CalledProcessError:
            time.sleep(0.2)
    started = time.monotonic()
    if args.data == "pgbench":
        pg(["pgbench", "-i", "-q", "-s", str(args.scale), "-h", "localhost", "-U", "bench", "bench"])
        what = "pgbench -i -s %d" % args.scale
    else:
        # The ledger's schema and rows of md5 text: data that compresses about 3x, not 50x as pgbench's.
        with open(os.path.join(HOME, "examples", "ledger", "seed.sql"), "rb") as seed:
            pg(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-v", "rows=%d" % args.rows, "-h", "localhost", "-U", "bench",
                "-d", "bench", "-f", "-"], stdin=seed)
        what = "examples/ledger/seed.sql with %d entries" % args.rows
    size = int(psql("SELECT pg_database_size('bench')"))
    print("%s: %.2f GB in %.0f s" % (what, size / 2**30, time.monotonic() - started), flush=True)
    return size, what


def timed(run):
    started = time.monotonic()
    detail = run()
    return time.monotonic() - started, detail


def relman(*args):
    printed = subprocess.run([RELMAN] + list(args) + ["--plan", PLAN], check=True, env=ENV, text=True,
                             capture_output=True).stdout
    return printed


def relman_backup():
    printed = relman("backup", "now", "--env", "backup")
    return re.search(r"Backed up bench as (\S+):", printed).group(1)


def pg_dump_custom():
    with open(os.path.join(WORK, "plain.dump"), "wb") as out:
        pg(["pg_dump", "--format=custom", "--compress=6", "-h", "localhost", "-U", "bench", "-d", "bench"],
           stdout=out)


def pg_dump_gzip():
    # The guides' way: plain SQL through gzip on the host.
    sh("docker exec -e PGPASSWORD=%s %s pg_dump -h localhost -U bench -d bench | gzip -6 > %s"
       % (PASSWORD, DB, os.path.join(WORK, "plain.sql.gz")))


def pg_dump_directory():
    # Parallel dumps need the directory format, written where pg_dump runs: in the container.
    pg(["rm", "-rf", "/tmp/bench.dir"])
    pg(["pg_dump", "--format=directory", "--jobs=2", "--compress=6", "-h", "localhost", "-U", "bench",
        "-d", "bench", "-f", "/tmp/bench.dir"])


def pg_restore_plain():
    psql("DROP DATABASE IF EXISTS restored", database="postgres")
    psql("CREATE DATABASE restored", database="postgres")
    with open(os.path.join(WORK, "plain.dump"), "rb") as dump:
        pg(["pg_restore", "--single-transaction", "--exit-on-error", "--no-owner", "-h", "localhost", "-U",
            "bench", "-d", "restored"], stdin=dump)
    psql("DROP DATABASE restored", database="postgres")


def relman_restore(backup_id):
    relman("restore", "--env", "backup", "--backup", backup_id, "--yes")
    for aside in psql("SELECT datname FROM pg_database WHERE datname LIKE 'bench_before_restore_%'").split():
        psql('DROP DATABASE "%s"' % aside, database="postgres")


def size_of(path):
    return os.path.getsize(path) if os.path.isfile(path) else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=70, help="pgbench scale (70: about 1 GB)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", choices=["pgbench", "ledger"], default="pgbench",
                        help="pgbench's tables (compress about 50x) or the ledger's (about 3x)")
    parser.add_argument("--rows", type=int, default=7_000_000, help="entries with --data ledger")
    args = parser.parse_args()
    os.makedirs(WORK, exist_ok=True)
    sh("rm -rf %s" % os.path.join(HOME, ".relman", "backups", "bench"))
    database_bytes, data = fresh_database(args)
    dumps = {
        "relman backup now": relman_backup,
        "pg_dump -Fc -Z6": pg_dump_custom,
        "pg_dump | gzip -6": pg_dump_gzip,
        "pg_dump -Fd -j 2 -Z6": pg_dump_directory,
    }
    times = {name: [] for name in list(dumps) + ["pg_restore --single-transaction", "relman restore"]}
    last_relman_backup = None
    for round_number in range(args.rounds):
        names = list(dumps)
        names = names[round_number % len(names):] + names[:round_number % len(names)]
        for name in names:
            seconds, detail = timed(dumps[name])
            times[name].append(seconds)
            if name == "relman backup now":
                last_relman_backup = detail
            print("round %d: %-22s %6.1f s" % (round_number + 1, name, seconds), flush=True)
        restores = [("pg_restore --single-transaction", pg_restore_plain),
                    ("relman restore", lambda: relman_restore(last_relman_backup))]
        if round_number % 2:
            restores.reverse()
        for name, run in restores:
            seconds, _ = timed(run)
            times[name].append(seconds)
            print("round %d: %-22s %6.1f s" % (round_number + 1, name, seconds), flush=True)
    drill_seconds, _ = timed(lambda: relman("backup", "drill", "--env", "backup"))
    print("relman backup drill (the newest backup restored into a scratch database, checked, dropped): %.1f s"
          % drill_seconds, flush=True)
    baseline = {"dump": statistics.median(times["pg_dump -Fc -Z6"]),
                "restore": statistics.median(times["pg_restore --single-transaction"])}
    rows = []
    for name, values in times.items():
        kind = "restore" if "restore" in name else "dump"
        median = statistics.median(values)
        rows.append({"method": name, "kind": kind, "seconds": values, "median_s": round(median, 2),
                     "min_s": round(min(values), 2), "max_s": round(max(values), 2),
                     "mb_per_s": round(database_bytes / 2**20 / median, 1),
                     "ratio_to_plain": round(median / baseline[kind], 2)})
    print()
    print("database: %.2f GB (%s); %d rounds, interleaved; MB/s = database size / median time"
          % (database_bytes / 2**30, data, args.rounds))
    print("%-32s %8s %8s %8s %8s %10s" % ("method", "median s", "min s", "max s", "MB/s", "x plain"))
    for row in rows:
        print("%-32s %8.1f %8.1f %8.1f %8.1f %10.2f" % (row["method"], row["median_s"], row["min_s"], row["max_s"],
                                                     row["mb_per_s"], row["ratio_to_plain"]))
    outputs = {"pg_dump -Fc -Z6": size_of(os.path.join(WORK, "plain.dump")),
               "pg_dump | gzip -6": size_of(os.path.join(WORK, "plain.sql.gz"))}
    print("dump sizes: " + ", ".join("%s %.0f MB" % (k, v / 2**20) for k, v in outputs.items()))
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    results = RESULTS.replace(".json", "-%s.json" % args.data)
    with open(results, "w") as out:
        json.dump({"database_bytes": database_bytes, "data": data, "rounds": args.rounds,
                   "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "results": rows,
                   "dump_bytes": outputs, "drill_seconds": round(drill_seconds, 1)}, out, indent=2)
    print("written to " + os.path.relpath(results, HOME))
    sh("docker rm -f %s >/dev/null; docker network rm relman-bench >/dev/null || true" % DB)


if __name__ == "__main__":
    main()
