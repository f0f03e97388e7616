#!/usr/bin/env python3
"""Times relman's backup and restore of a MariaDB next to plain mariadb-dump | gzip and mariadb < dump on the
same database, in one run, the alternatives interleaved (their order rotates every round), and prints medians
and ratios. Everything runs on this machine's Docker engine; no traffic leaves 127.0.0.1."""
import argparse
import json
import os
import re
import statistics
import subprocess
import time

from run import ENV, HOME, PASSWORD, RELMAN, WORK, sh, size_of, timed

PLAN = os.path.join(HOME, "bench", "backup", "relman-mariadb.yml")
DB = "relman-bench-mariadb"
RESULTS = os.path.join(HOME, "bench", "results", "backup-mariadb.json")
DUMP = os.path.join(WORK, "plain-mariadb.sql.gz")
ROOT_PASSWORD = PASSWORD + "-root"


def client(sql, user="bench", password=PASSWORD, database="bench"):
    """The mariadb client inside the container, as the guides run it: docker exec; the script ends with \\q."""
    return subprocess.run(["docker", "exec", "-i", "-e", "MYSQL_PWD=" + password, DB, "mariadb", "--batch",
                           "--skip-column-names", "--user=" + user, database], input=sql + "\n\\q\n", check=True,
                          env=ENV, text=True, capture_output=True).stdout.strip()


def fresh_database(megabytes):
    sh("docker rm -f -v %s >/dev/null 2>&1 || true" % DB)
    sh("docker network create relman-bench >/dev/null 2>&1 || true")
    sh("docker run -d --name %s --network relman-bench -e MARIADB_DATABASE=bench -e MARIADB_USER=bench "
       "-e MARIADB_PASSWORD=%s -e MARIADB_ROOT_PASSWORD=%s relman/mariadb:10.11 >/dev/null"
       % (DB, PASSWORD, ROOT_PASSWORD))
    for _ in range(300):
        try:
            client("SELECT 1")
            break
        except subprocess.CalledProcessError:
            time.sleep(0.2)
    # The restore's scratch and aside schemas (docs/mariadb.md).
    client("GRANT ALL ON `relman\\_%`.* TO 'bench'@'%'; GRANT ALL ON `bench\\_%`.* TO 'bench'@'%';",
           user="root", password=ROOT_PASSWORD)
    started = time.monotonic()
    # Rows of md5 text like an app's (about 3x compressible), doubled until the tables hold the size asked.
    client("""SET SESSION max_recursive_iterations = 100000;
        CREATE TABLE posts (id BIGINT AUTO_INCREMENT PRIMARY KEY, author_id INT NOT NULL, title VARCHAR(100),
          body TEXT, created_at DATETIME NOT NULL, KEY posts_author (author_id)) ENGINE=InnoDB;
        INSERT INTO posts (author_id, title, body, created_at)
          WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 100000)
          SELECT n % 5000, MD5(n), CONCAT(MD5(n), ' ', MD5(n + 1), ' ', MD5(n + 2), ' ', MD5(n + 3)),
                 NOW() - INTERVAL n MINUTE FROM seq;""")
    # Doubled while the next doubling stays within a quarter over the size asked (1024: 0.8 GB, not 1.6).
    while size_bytes() * 2 <= megabytes * 2**20 * 1.25:
        client("INSERT INTO posts (author_id, title, body, created_at) SELECT author_id, MD5(id), "
               "CONCAT(MD5(id * 7), ' ', body), created_at FROM posts;")
    size = size_bytes()
    rows = int(client("SELECT COUNT(*) FROM posts"))
    what = "%d posts rows" % rows
    print("%s: %.2f GB in %.0f s" % (what, size / 2**30, time.monotonic() - started), flush=True)
    return size, what


def size_bytes():
    client("ANALYZE TABLE posts;")  # InnoDB's sizes in information_schema lag until its statistics are read again
    return int(client("SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) FROM information_schema.TABLES "
                      "WHERE TABLE_SCHEMA = 'bench'"))


def relman(*args):
    return subprocess.run([RELMAN] + list(args) + ["--plan", PLAN], check=True, env=ENV, text=True,
                          capture_output=True).stdout


def relman_backup():
    printed = relman("backup", "now", "--env", "backup")
    return re.search(r"Backed up bench as (\S+):", printed).group(1)


def dump_gzip():
    # The guides' way: mariadb-dump's one transaction through gzip on the host.
    sh("docker exec -e MYSQL_PWD=%s %s mariadb-dump --single-transaction --quick --routines --triggers --events "
       "--user=bench bench | gzip -6 > %s" % (PASSWORD, DB, DUMP))


def plain_restore():
    # Into a schema of its own, as a careful guide would, then dropped.
    client("DROP DATABASE IF EXISTS bench_plain; CREATE DATABASE bench_plain;", user="root",
           password=ROOT_PASSWORD)
    sh("gunzip -c %s | docker exec -i -e MYSQL_PWD=%s %s mariadb --user=root bench_plain"
       % (DUMP, ROOT_PASSWORD, DB))
    client("DROP DATABASE bench_plain;", user="root", password=ROOT_PASSWORD)


def relman_restore(backup_id):
    relman("restore", "--env", "backup", "--backup", backup_id, "--yes")
    for aside in client("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
                        "WHERE SCHEMA_NAME LIKE 'bench\\_before\\_restore\\_%'").split():
        client("DROP DATABASE `%s`" % aside)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=int, default=1024, help="the tables' size to fill (about 1 GB)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.makedirs(WORK, exist_ok=True)
    sh("rm -rf %s" % os.path.join(HOME, ".relman", "backups", "bench"))
    database_bytes, data = fresh_database(args.megabytes)
    dumps = {"relman backup now": relman_backup, "mariadb-dump | gzip -6": dump_gzip}
    restores = {"mariadb < dump": plain_restore, "relman restore": None}
    times = {name: [] for name in list(dumps) + list(restores)}
    last_backup = None
    for round_number in range(args.rounds):
        order = list(dumps) if round_number % 2 == 0 else list(reversed(list(dumps)))
        for name in order:
            seconds, detail = timed(dumps[name])
            times[name].append(seconds)
            last_backup = detail if name == "relman backup now" else last_backup
            print("round %d: %-24s %6.1f s" % (round_number + 1, name, seconds), flush=True)
        order = list(restores) if round_number % 2 == 0 else list(reversed(list(restores)))
        for name in order:
            run = plain_restore if name == "mariadb < dump" else (lambda: relman_restore(last_backup))
            seconds, _ = timed(run)
            times[name].append(seconds)
            print("round %d: %-24s %6.1f s" % (round_number + 1, name, seconds), flush=True)
    drill_seconds, _ = timed(lambda: relman("backup", "drill", "--env", "backup"))
    print("relman backup drill (the newest backup restored into a scratch schema, checked, dropped): %.1f s"
          % drill_seconds, flush=True)
    baseline = {"dump": statistics.median(times["mariadb-dump | gzip -6"]),
                "restore": statistics.median(times["mariadb < dump"])}
    rows = []
    for name, values in times.items():
        kind = "restore" if name in restores else "dump"
        median = statistics.median(values)
        rows.append({"method": name, "kind": kind, "seconds": values, "median_s": round(median, 2),
                     "min_s": round(min(values), 2), "max_s": round(max(values), 2),
                     "mb_per_s": round(database_bytes / 2**20 / median, 1),
                     "ratio_to_plain": round(median / baseline[kind], 2)})
    print()
    print("database: %.2f GB (%s); %d rounds, interleaved; MB/s = tables' size / median time"
          % (database_bytes / 2**30, data, args.rounds))
    print("%-32s %8s %8s %8s %8s %10s" % ("method", "median s", "min s", "max s", "MB/s", "x plain"))
    for row in rows:
        print("%-32s %8.1f %8.1f %8.1f %8.1f %10.2f" % (row["method"], row["median_s"], row["min_s"], row["max_s"],
                                                     row["mb_per_s"], row["ratio_to_plain"]))
    print("dump size: mariadb-dump | gzip -6 %.0f MB" % (size_of(DUMP) / 2**20))
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as out:
        json.dump({"database_bytes": database_bytes, "data": data, "rounds": args.rounds,
                   "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "results": rows,
                   "drill_seconds": round(drill_seconds, 1)}, out, indent=2)
    print("written to " + os.path.relpath(RESULTS, HOME))
    sh("docker rm -f -v %s >/dev/null" % DB)


if __name__ == "__main__":
    main()
