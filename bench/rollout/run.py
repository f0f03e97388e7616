#!/usr/bin/env python3
"""bench/rollout: the shop service (3 replicas) released v2 <-> v2.1 under the same continuous HTTP load
through nginx, four ways, in interleaved rounds (the order rotating each round), each on a stack of its
own with the same app image, health check and nginx image:

  relman   the whole `bin/relman deploy` (dev server and worker already running); its rollout phase from
           the release's own events
  relman drain-first  (--drain-first) the same with the app's update_order: drain-first (each drained
           replica stops while its successor starts), next to relman and the guide only: Docker 20.10 in
           swarm mode leaves a renamed running container's DNS name behind, which drain-first relies on
  guide    guide.sh: the guides' steps with the docker CLI, a fixed drain wait
  swarm    `docker service update`, parallelism 1, stop-first, the same health check, rollback on failure,
           behind the same nginx image (which finds the tasks through Swarm's DNS)
  compose  `docker-compose down && up -d` (Debian's docker-compose v1)

Then the broken releases (v3-broken, whose health check answers 503 forever; v3-crash, which exits at
start; v3-late, which passes and answers 503 10 s after its start) for relman and Swarm: the time from the
first broken replica's start to every replica running the old version again. v3-late is released with a
20 s watch on both sides: relman's plan gets healthcheck.monitor: 20s, Swarm's update --update-monitor 20s
(5 s, its default, for the others). Prints tables, writes bench/results/rollout.{json,txt,png}. Traffic goes
only to 127.0.0.1."""
import argparse
import json
import os
import re
import statistics
import subprocess
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
HOME = os.path.abspath(os.path.join(HERE, "..", ".."))
RELMAN = os.path.join(HOME, "bin", "relman")
PLAN = os.path.join(HERE, "relman.yml")
STACK = os.path.join(HOME, "examples", "shop", "stack.sh")
RESULTS = os.path.join(HOME, "bench", "results")
VERSIONS = ("v2", "v2.1")
# The broken releases, each recovered from by relman and Swarm: v3-broken answers 503 to its health check
# forever (relman's plan: failures: 3; Swarm: --health-retries 3), v3-crash exits at start (a missing setting),
# v3-late passes and breaks 10 s after its start, found only by a watch after the check (MONITORED).
BROKEN = ("v3-broken", "v3-crash", "v3-late")
MONITORED = ("v3-late",)
MONITOR = "20s"


def run(command, env=None, check=True):
    """Runs command; returns (seconds, exit code, output lines with the seconds each was read at)."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, **(env or {})}, cwd=HOME)
    lines = [(round(time.monotonic() - started, 3), line.rstrip()) for line in process.stdout]
    process.wait()
    if check and process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with {process.returncode}:\n"
                         + "\n".join(line for _, line in lines[-30:]))
    return time.monotonic() - started, process.returncode, lines


def secrets():
    with open(os.path.join(HOME, ".relman", "secrets.env")) as file:
        return dict(line.strip().split("=", 1) for line in file if "=" in line)


class Load:
    """Two clients requesting /version through one stack's nginx until stopped; every answer recorded."""

    def __init__(self, port):
        self.url = f"http://127.0.0.1:{port}/version"
        self.answers = []  # (monotonic time, ok, version)
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.client, daemon=True) for _ in range(2)]
        for thread in self.threads:
            thread.start()

    def client(self):
        while not self.stopping.is_set():
            version = None
            try:
                with urllib.request.urlopen(self.url, timeout=5) as response:
                    ok = response.status == 200
                    version = json.loads(response.read())["version"]
            except Exception:
                ok = False
            self.answers.append((time.monotonic(), ok, version))

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join()


class ContainerEvents:
    """Every container start on the engine while it runs: (monotonic time, name, image)."""

    def __init__(self):
        self.starts = []
        self.process = subprocess.Popen(
            ["docker", "events", "--filter", "type=container", "--filter", "event=start",
             "--format", "{{.TimeNano}} {{.Actor.Attributes.name}} {{.Actor.Attributes.image}}"],
            stdout=subprocess.PIPE, text=True)
        # docker stamps events with the wall clock; the loads use the monotonic one.
        self.offset = time.time() - time.monotonic()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.process.stdout:
            nanos, name, image = line.split()
            self.starts.append((int(nanos) / 1e9 - self.offset, name, image))

    def between(self, start, end):
        return [event for event in self.starts if start <= event[0] <= end]

    def close(self):
        self.process.terminate()


def replicas(pattern):
    """The running containers whose name matches pattern (a replica's, not a migration's): [(version, status)].
    The version is the relman.version label where there is one (relman's containers show an image id once
    the next build has moved the tag), else the image's tag."""
    output = subprocess.run(
        ["docker", "ps", "--format", '{{.Names}}|{{.Image}}|{{.Label "relman.version"}}|{{.Status}}'],
        capture_output=True, text=True, check=True).stdout
    found = []
    for line in output.splitlines():
        name, image, label, status = line.split("|", 3)
        if re.match(pattern, name):
            found.append((label or image.rsplit(":", 1)[-1], status))
    return found


class Alternative:
    name = ""
    port = 0
    replica = ""  # the pattern of a replica's container name

    def __init__(self):
        self.version = None

    def release(self, version, check=True):
        """Runs the release; returns (seconds, exit code, rollout phase seconds or None, output lines)."""
        raise NotImplementedError


class StackOfTheSample(Alternative):
    """A stack made by examples/shop/stack.sh (network, PostgreSQL, nginx) and first released by relman."""
    stack_env = ""
    plan = PLAN

    def setup(self):
        run([STACK, "up", self.stack_env, str(self.port)])
        run([RELMAN, "deploy", "--env", self.stack_env, "--version", VERSIONS[0], "--plan", self.plan])
        self.version = VERSIONS[0]

    def down(self):
        run([STACK, "down", self.stack_env], check=False)


class Relman(StackOfTheSample):
    name, port, replica, stack_env = "relman", 18480, r"shop-rollout-app-\d+$", "rollout"

    def release(self, version, check=True):
        plan = self.watching_plan() if version in MONITORED else self.plan
        seconds, code, lines = run(
            [RELMAN, "deploy", "--env", self.stack_env, "--version", version, "--plan", plan], check=check)
        return seconds, code, self.rollout_phase(lines), lines

    def watching_plan(self):
        """The plan with healthcheck.monitor, written next to it (the relative paths stay right)."""
        path = os.path.join(HERE, "monitor.generated.yml")
        with open(self.plan) as original, open(path, "w") as variant:
            variant.write(original.read().replace(
                "      failures: 3 ", f"      monitor: {MONITOR}\n      failures: 3 ", 1))
        return path

    @staticmethod
    def rollout_phase(lines):
        """From the release's events ("[  5.2s] rollout   40%  ..."): its first rollout event to the next step's."""
        events = [(float(match.group(1)), match.group(2)) for _, line in lines
                  if (match := re.match(r"\[\s*([\d.]+)s\]\s+(\S+)", line))]
        steps = [step for _, step in events]
        if "rollout" not in steps:
            return None
        first = steps.index("rollout")
        after = [at for at, step in events[first:] if step != "rollout"]
        return after[0] - events[first][0] if after else None


class RelmanDrainFirst(Relman):
    """relman, with the app's update_order: drain-first, from a variant of the plan written next to it."""
    name, port, replica, stack_env = "relman drain-first", 18484, r"shop-drain-app-\d+$", "drain"
    plan = os.path.join(HERE, "drain-first.generated.yml")

    def setup(self):
        with open(PLAN) as original, open(self.plan, "w") as variant:
            variant.write(original.read().replace(
                "    stop_grace_period: 10s\n", "    stop_grace_period: 10s\n    update_order: drain-first\n"))
        super().setup()

    def down(self):
        super().down()
        os.remove(self.plan)


class Guide(StackOfTheSample):
    """relman makes its first release; guide.sh every one after."""
    name, port, replica, stack_env = "guide's script", 18481, r"shop-guide-app-\d+$", "guide"

    def release(self, version, check=True):
        seconds, code, lines = run([os.path.join(HERE, "guide.sh"), "guide", version], check=check)
        marks = {line.split()[1]: float(line.split()[2]) for _, line in lines if line.startswith("rollout ")}
        phase = marks["end"] - marks["start"] if {"start", "end"} <= marks.keys() else None
        return seconds, code, phase, lines


class Swarm(Alternative):
    name, port, replica = "Swarm", 18483, r"shop-swarm-app\.\d+\."
    network, service, db, lb = "shop-swarm", "shop-swarm-app", "shop-swarm-db", "shop-swarm-lb"

    def setup(self):
        state = subprocess.run(["docker", "info", "-f", "{{.Swarm.LocalNodeState}}"], capture_output=True,
                               text=True).stdout.strip()
        if state != "active":
            run(["docker", "swarm", "init", "--advertise-addr", "127.0.0.1"])
        self.down_stack()
        password = secrets()["SHOP_DB_PASSWORD"]
        run(["docker", "network", "create", "-d", "overlay", "--attachable", self.network])
        run(["docker", "run", "-d", "--name", self.db, "--network", self.network, "-e", "POSTGRES_DB=shop",
             "-e", "POSTGRES_USER=shop", "-e", "POSTGRES_PASSWORD", "relman/postgres:15"],
            env={"POSTGRES_PASSWORD": password})
        wait(lambda: subprocess.run(["docker", "exec", self.db, "pg_isready", "-q", "-U", "shop", "-d", "shop"])
             .returncode == 0, 60, "the Swarm stack's database")
        app_env = ["-e", f"PGHOST={self.db}", "-e", "PGDATABASE=shop", "-e", "PGUSER=shop", "-e", "PGPASSWORD"]
        run(["docker", "run", "--rm", "--network", self.network, *app_env, f"relman/shop-app:{VERSIONS[0]}",
             "/app/migrate", "up"], env={"PGPASSWORD": password})
        health = ("python3 -c \"import urllib.request; "
                  "urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)\"")
        run(["docker", "service", "create", "--quiet", "--name", self.service, "--replicas", "3",
             "--network", self.network, "--endpoint-mode", "dnsrr", "--no-resolve-image",
             "--env", f"PGHOST={self.db}", "--env", "PGDATABASE=shop", "--env", "PGUSER=shop", "--env", "PGPASSWORD",
             "--health-cmd", health, "--health-interval", "500ms", "--health-timeout", "2s",
             "--health-retries", "3", "--health-start-period", "15s", "--stop-grace-period", "10s",
             "--update-parallelism", "1", "--update-order", "stop-first", "--update-failure-action", "rollback",
             "--rollback-parallelism", "1", "--rollback-order", "stop-first",
             f"relman/shop-app:{VERSIONS[0]}"], env={"PGPASSWORD": password})
        run(["docker", "run", "-d", "--name", self.lb, "--network", self.network, "-p", f"127.0.0.1:{self.port}:80",
             "-v", f"{HERE}/nginx-swarm.conf:/etc/nginx/sample.conf:ro", "relman/nginx:bookworm"])
        self.version = VERSIONS[0]

    def release(self, version, check=True):
        monitor = MONITOR if version in MONITORED else "5s"  # 5 s: Swarm's default
        seconds, code, lines = run(["docker", "service", "update", "--no-resolve-image", "--update-monitor", monitor,
                                    "--image", f"relman/shop-app:{version}", self.service], check=check)
        # Swarm rolls a failed update back and still exits 0: the service's state says which it was.
        state = subprocess.run(["docker", "service", "inspect", "-f", "{{.UpdateStatus.State}}", self.service],
                               capture_output=True, text=True).stdout.strip()
        return seconds, code if state in ("completed", "") else 1, None, lines

    def down_stack(self):
        for command in (["docker", "service", "rm", self.service], ["docker", "rm", "-f", self.lb, self.db]):
            subprocess.run(command, capture_output=True)
        wait(lambda: not replicas(self.replica), 60, "the Swarm service's tasks to go")
        subprocess.run(["docker", "network", "rm", self.network], capture_output=True)

    def down(self):
        # The engine stays a one-node swarm: in Docker 20.10, `docker swarm leave` breaks the name resolution
        # of every network made before it (measured here: the demo's replicas no longer resolved) until
        # dockerd restarts. `docker swarm leave --force` and a restart of dockerd undo it by hand.
        self.down_stack()


class Compose(Alternative):
    name, port, replica = "compose down/up", 18482, r"shop-compose_app_\d+$"
    base = ["docker-compose", "-p", "shop-compose", "-f", os.path.join(HERE, "compose.yml")]

    @staticmethod
    def compose_env(version):
        """compose.yml's variables: the sample's database password and the version to run."""
        return {"SHOP_DB_PASSWORD": secrets()["SHOP_DB_PASSWORD"], "VERSION": version}

    def setup(self):
        env = self.compose_env(VERSIONS[0])
        run(self.base + ["up", "-d", "db"], env=env)
        wait(lambda: subprocess.run(self.base + ["exec", "-T", "db", "pg_isready", "-q", "-U", "shop", "-d", "shop"],
                                    env={**os.environ, **env}, capture_output=True).returncode == 0,
             60, "the compose stack's database")
        run(self.base + ["run", "--rm", "app", "/app/migrate", "up"], env=env)
        run(self.base + ["up", "-d"], env=env)
        self.version = VERSIONS[0]

    def release(self, version, check=True):
        seconds, code, lines = run(["sh", "-c", " ".join(self.base) + " down && " + " ".join(self.base) + " up -d"],
                                   env=self.compose_env(version), check=check)
        return seconds, code, None, lines

    def down(self):
        run(self.base + ["down", "-v"], env=self.compose_env(self.version or VERSIONS[0]), check=False)


def wait(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what}: not within {seconds} s")
        time.sleep(0.2)


def measure(alternative, version, events, broken=False):
    """One release under load: wall time, failures, first answer of the new version, rollout phase; for a
    broken release, the recovery (first broken replica's start to all replicas on the old version again)."""
    old = alternative.version
    wait(lambda: len(replicas(alternative.replica)) == 3, 60, f"{alternative.name}: 3 replicas")
    load = Load(alternative.port)
    time.sleep(1)
    started = time.monotonic()
    recovered = []
    watcher = None
    if broken:
        watcher = threading.Thread(target=watch_recovery, args=(alternative, old, version, started, recovered), daemon=True)
        watcher.start()
    seconds, code, phase, lines = alternative.release(version, check=not broken)
    ended = time.monotonic()
    if watcher:
        watcher.join(timeout=60)
    time.sleep(1)
    load.stop()
    answers = [answer for answer in load.answers if answer[0] >= started - 1]
    failures = sum(1 for answer in answers if not answer[1])
    first_new = next((at - started for at, ok, seen in answers if ok and at >= started and seen == version), None)
    starts = [(at - started, name, image) for at, name, image in events.between(started, ended + 1)
              if re.match(alternative.replica, name)]
    result = {"alternative": alternative.name, "from": old, "to": version, "wall_s": round(seconds, 3),
              "exit": code, "rollout_phase_s": round(phase, 3) if phase is not None else None,
              "requests": len(answers), "failed": failures,
              "first_new_answer_s": round(first_new, 3) if first_new is not None else None,
              "replica_starts": [(round(at, 3), name, image) for at, name, image in starts],
              "per_quarter_second": bins(answers, started),
              "output": [line for _, line in lines][-40:]}
    if broken:
        broken_starts = [at for at, name, image in starts if image.endswith(":" + version)]
        result["recovery_s"] = (round(recovered[0] - started - broken_starts[0], 3)
                                if recovered and broken_starts else None)
        if code == 0:
            raise SystemExit(f"{alternative.name} reported the broken release {version} as a success")
    else:
        if code != 0:
            raise SystemExit(f"{alternative.name} failed to release {version}")
        alternative.version = version
    return result


def watch_recovery(alternative, old, broken, started, recovered):
    """Records the first moment, after a broken replica has started, that all 3 replicas run the old version."""
    seen_broken = False
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline:
            now = time.monotonic()
            running = replicas(alternative.replica)
            seen_broken = seen_broken or any(version == broken for version, _ in running)
            if seen_broken and len(running) == 3 and all(
                    version == old and "starting" not in status and "unhealthy" not in status
                    for version, status in running):
                recovered.append(now)
                return
            time.sleep(0.1)
    except Exception as error:  # said, not swallowed: the table would only show "not measured"
        print(f"watching {alternative.name}'s recovery failed: {error}", flush=True)


def bins(answers, started):
    """Requests and failures per quarter second from the command's start: [[t, requests, failures], ...]."""
    counts = {}
    for at, ok, _ in answers:
        key = int((at - started) * 4)
        requests, failures = counts.get(key, (0, 0))
        counts[key] = (requests + 1, failures + (0 if ok else 1))
    return [[key / 4, requests, failures] for key, (requests, failures) in sorted(counts.items())]


def summary(values):
    values = [value for value in values if value is not None]
    if not values:
        return None, None, None
    return statistics.median(values), min(values), max(values)


def tables(results):
    lines = []
    releases = [result for result in results if result["to"] not in BROKEN]
    names = [alternative.name for alternative in ALTERNATIVES]
    guide_wall = summary([r["wall_s"] for r in releases if r["alternative"] == Guide.name])[0]
    guide_phase = summary([r["rollout_phase_s"] for r in releases if r["alternative"] == Guide.name])[0]
    if not releases:
        return "\n".join(lines + broken_tables(results))
    lines.append("| v2 <-> v2.1 | wall s median (min-max) | x guide | rollout phase s | x guide "
                 "| failed / requests | first v2.x answer s |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for name in names:
        mine = [r for r in releases if r["alternative"] == name]
        wall, low, high = summary([r["wall_s"] for r in mine])
        phase = summary([r["rollout_phase_s"] for r in mine])[0]
        first = summary([r["first_new_answer_s"] for r in mine])[0]
        lines.append(f"| {name} | {wall:.1f} ({low:.1f}-{high:.1f}) | {wall / guide_wall:.2f} | "
                     + (f"{phase:.1f} | {phase / guide_phase:.2f} | " if phase else " | | ")
                     + f"{sum(r['failed'] for r in mine):,} / {sum(r['requests'] for r in mine):,} | "
                     + (f"{first:.1f} |" if first is not None else " |"))
    lines += broken_tables(results)
    return "\n".join(lines)


def broken_tables(results):
    """For each broken release: relman's recovery and Swarm's, and their ratio."""
    lines = []
    for version in BROKEN:
        broken = [result for result in results if result["to"] == version]
        if not broken:
            continue
        swarm = summary([r["recovery_s"] for r in broken if r["alternative"] == Swarm.name])[0]
        lines.append("")
        lines.append(f"| broken release {version} | recovery s median (min-max) | x Swarm | failed / requests |")
        lines.append("|---|---:|---:|---:|")
        for name in [kind.name for kind in ALTERNATIVES if issubclass(kind, (Relman, Swarm))]:
            mine = [r for r in broken if r["alternative"] == name]
            recovery, low, high = summary([r["recovery_s"] for r in mine])
            lines.append(f"| {name} | {recovery:.1f} ({low:.1f}-{high:.1f}) | {recovery / swarm:.2f} | "
                         f"{sum(r['failed'] for r in mine):,} / {sum(r['requests'] for r in mine):,} |"
                         if recovery is not None and swarm else f"| {name} | not measured | | |")
    return lines


def picture(results, path):
    """One release of each alternative: requests and failures per second, each replica start marked."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plot
    shown = []
    for name in [alternative.name for alternative in ALTERNATIVES]:
        mine = [r for r in results if r["alternative"] == name and r["to"] not in BROKEN]
        if mine:
            shown.append(mine[len(mine) // 2])
    for name in (Relman.name, Swarm.name):
        shown += [r for r in results if r["alternative"] == name and r["to"] in BROKEN][:1]
    figure, axes = plot.subplots(len(shown), 1, figsize=(10, 2.2 * len(shown)), sharex=True)
    for axis, result in zip(axes, shown):
        times = [t for t, _, _ in result["per_quarter_second"]]
        axis.plot(times, [4 * n for _, n, _ in result["per_quarter_second"]], color="tab:blue", label="requests/s")
        axis.plot(times, [4 * f for _, _, f in result["per_quarter_second"]], color="tab:red", label="failed/s")
        for at, _, image in result["replica_starts"]:
            axis.axvline(at, color="tab:green" if not image.endswith(BROKEN) else "tab:orange", linestyle=":")
        axis.axvline(result["wall_s"], color="black", linewidth=0.8)
        axis.set_title(f"{result['alternative']}: {result['from']} -> {result['to']}, "
                       f"{result['failed']:,} of {result['requests']:,} failed", fontsize=9, loc="left")
        axis.set_ylabel("per s")
    axes[0].legend(loc="upper right", fontsize=8)
    axes[-1].set_xlabel("seconds from the command's start (dotted: a replica container starts; black: command ends)")
    figure.tight_layout()
    figure.savefig(path, dpi=90)


ALTERNATIVES = [Relman, Guide, Swarm, Compose]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--broken-rounds", type=int, default=3)
    parser.add_argument("--broken", nargs="+", choices=BROKEN, default=list(BROKEN),
                        help="the broken releases to recover from (default: all three)")
    parser.add_argument("--label", default="rollout", help="results go to bench/results/LABEL.{json,txt,png}")
    parser.add_argument("--keep", action="store_true", help="leave the stacks running afterwards")
    parser.add_argument("--drain-first", action="store_true",
                        help="relman stop-first and drain-first next to the guide's script, no broken release; on an"
                             " engine that is not a swarm node (results go to LABEL-drain-first)")
    arguments = parser.parse_args()
    if arguments.drain_first:
        ALTERNATIVES[:] = [Relman, RelmanDrainFirst, Guide]
        arguments.broken_rounds = 0
        arguments.label += "-drain-first"
        swarm = subprocess.run(["docker", "info", "--format", "{{.Swarm.LocalNodeState}}"], capture_output=True,
                               text=True).stdout.strip()
        if swarm == "active":
            raise SystemExit("this engine is a swarm node (the bench's Swarm left it so): in swarm mode Docker 20.10"
                             " leaves a renamed running container's DNS name behind; restart dockerd after"
                             " 'docker swarm leave --force'")
    alternatives = [kind() for kind in ALTERNATIVES]
    events = ContainerEvents()
    results = []
    try:
        for alternative in alternatives:
            print(f"setting up {alternative.name} on 127.0.0.1:{alternative.port}", flush=True)
            alternative.setup()
        for round_number in range(arguments.rounds):
            shift = round_number % len(alternatives)
            for alternative in alternatives[shift:] + alternatives[:shift]:
                target = VERSIONS[1] if alternative.version == VERSIONS[0] else VERSIONS[0]
                result = measure(alternative, target, events)
                results.append(result)
                print(f"round {round_number + 1}: {alternative.name} {result['from']} -> {target} in "
                      f"{result['wall_s']:.1f} s, {result['failed']} of {result['requests']} failed", flush=True)
        recovering = [alternative for alternative in alternatives if isinstance(alternative, (Relman, Swarm))]
        for round_number in range(arguments.broken_rounds):
            for version in arguments.broken:
                for alternative in recovering if round_number % 2 == 0 else recovering[::-1]:
                    result = measure(alternative, version, events, broken=True)
                    results.append(result)
                    print(f"broken round {round_number + 1}: {alternative.name} back on {alternative.version} after"
                          f" {version}: {result['recovery_s']} s, {result['failed']} of {result['requests']} failed",
                          flush=True)
    finally:
        events.close()
        if not arguments.keep:
            for alternative in alternatives:
                alternative.down()
    table = tables(results)
    print(table)
    os.makedirs(RESULTS, exist_ok=True)
    base = os.path.join(RESULTS, arguments.label)
    with open(base + ".json", "w") as file:
        json.dump({"date": time.strftime("%Y-%m-%d"), "rounds": arguments.rounds,
                   "broken_rounds": arguments.broken_rounds, "results": results}, file, indent=1)
    with open(base + ".txt", "w") as file:
        file.write(table + "\n")
    picture(results, base + ".png")
    print(f"wrote {base}.json, .txt and .png")


if __name__ == "__main__":
    main()
