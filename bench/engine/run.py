#!/usr/bin/env python3
"""Runs bench/engine's Java modes (EngineBench) against one Temporal server and prints the table.

steps: relman's deploy of 3 replicas over activities that do nothing, with and without eager activity
execution, interleaved; each activity's share of the release (scheduled to next scheduled), median and p99.
concurrency: worker processes (1, then 2) over activities that sleep --activity-ms; one release alone, then
20 releases of 20 environments at once; wall time against the ideal (activities x sleep), the workers'
peak RSS (sampled from /proc) and peak heap (sampled in the worker)."""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import threading
import time

HOME = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
JAR = os.path.join(HOME, "bench", "engine", "target", "relman-bench-engine.jar")
RESULTS = os.path.join(HOME, "bench", "results")


def bench(*args, address):
    """Runs an EngineBench mode to its end; its last line is its JSON result."""
    out = subprocess.run(["java", "-jar", JAR, *args, "--address", address], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Workers:
    """Worker processes on one task queue; their RSS sampled every 100 ms while they run."""

    def __init__(self, count, queue, state, activity_ms, address):
        self.processes = [subprocess.Popen(
            ["java", "-jar", JAR, "worker", "--task-queue", queue, "--state", state, "--activity-ms",
             str(activity_ms), "--address", address], stdout=subprocess.PIPE, text=True) for _ in range(count)]
        for process in self.processes:
            line = process.stdout.readline()
            if not line.startswith("worker polling"):
                raise SystemExit("a bench worker did not start: " + line)
        self.peak_rss = {process.pid: 0 for process in self.processes}
        self.sampling = True
        self.sampler = threading.Thread(target=self.sample, daemon=True)
        self.sampler.start()

    def sample(self):
        while self.sampling:
            for pid in self.peak_rss:
                try:
                    with open(f"/proc/{pid}/status") as status:
                        for line in status:
                            if line.startswith("VmRSS:"):
                                self.peak_rss[pid] = max(self.peak_rss[pid], int(line.split()[1]) * 1024)
                except FileNotFoundError:
                    pass
            time.sleep(0.1)

    def stop(self):
        """Stops the workers; each one's peak RSS and peak heap, in MiB."""
        self.sampling = False
        self.sampler.join()
        peaks = []
        for process in self.processes:
            process.terminate()
            out, _ = process.communicate(timeout=60)
            heap = json.loads(out.strip().splitlines()[-1])["peak_heap_bytes"]
            peaks.append({"rss_mib": round(self.peak_rss[process.pid] / 2**20), "heap_mib": round(heap / 2**20)})
        return peaks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--activity-ms", type=int, default=1000)
    parser.add_argument("--environments", type=int, default=20)
    parser.add_argument("--address", default=os.environ.get("RELMAN_TEMPORAL_ADDRESS", "127.0.0.1:7233"))
    parser.add_argument("--label", default="dev server", help="what the server at --address is, for the table")
    options = parser.parse_args()
    address = options.address

    steps = bench("steps", "--rounds", str(options.rounds), "--replicas", "3", address=address)
    rows = []
    summary = {"server": options.label, "address": address, "rounds": options.rounds}
    for name, run in steps["runs"].items():
        millis = [micros / 1000 for micros in run["step_micros"]]
        workflow, queue = name.split(" ")
        eager = "no-eager" not in queue
        key = f"{workflow}_{'eager' if eager else 'no_eager'}"
        summary[key] = {
            "median_ms": round(statistics.median(millis), 1), "p99_ms": round(percentile(millis, 0.99), 1),
            "release_ms_median": statistics.median(run["release_millis"]),
            "activities_per_release": steps["activities_per_release"]}
        label = ("relman's deploy" if workflow == "relman" else "bare workflow") + (", eager" if eager else "")
        rows.append((label, statistics.median(millis), percentile(millis, 0.99),
                     statistics.median(run["release_millis"])))
    rows.sort()

    concurrency = []
    for round_index in range(max(1, options.rounds // 2)):
        for count in ([1, 2] if round_index % 2 == 0 else [2, 1]):
            with tempfile.TemporaryDirectory(prefix="relman-bench-") as state:
                queue = f"relman-bench-workers-{count}"
                workers = Workers(count, queue, os.path.join(state, "engine"), options.activity_ms, address)
                try:
                    # The releases reset the stack the workers act on: one directory for both.
                    alone = bench("releases", "--task-queue", queue, "--state", os.path.join(state, "engine"),
                                  "--environments", "1", address=address)
                    together = bench("releases", "--task-queue", queue, "--state", os.path.join(state, "engine"),
                                     "--environments", str(options.environments), address=address)
                finally:
                    peaks = workers.stop()
            ideal = together["activities_per_release"] * options.activity_ms
            concurrency.append({"workers": count, "ideal_ms": ideal, "alone_ms": alone["wall_millis"],
                                "together_ms": together["wall_millis"], "workers_peak": peaks})

    summary["concurrency"] = {"activity_ms": options.activity_ms, "environments": options.environments,
                              "runs": concurrency}
    label = options.label.replace(" ", "-")
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, f"engine-{label}.json"), "w") as out:
        json.dump(summary, out, indent=2)

    lines = [f"Engine cost on the {options.label} ({address}): relman's deploy of 3 replicas,"
             f" {steps['activities_per_release']} activities that do nothing, next to a bare workflow of as many"
             f" activities and nothing else; {options.rounds} rounds interleaved",
             f"{'':32} {'per activity, median':>21} {'p99':>9} {'whole release':>14}"]
    for name, median, p99, release in rows:
        lines.append(f"{name:32} {median:18.1f} ms {p99:6.1f} ms {release:11.0f} ms")
    lines.append("")
    lines.append(f"{options.environments} releases at once, activities of {options.activity_ms} ms"
                 f" (ideal: {concurrency[0]['ideal_ms'] / 1000:.1f} s each), medians of"
                 f" {len(concurrency) // 2} runs")
    lines.append(f"{'workers':8} {'one alone':>10} {'20 at once':>11} {'ratio to ideal':>15}"
                 f" {'peak RSS per worker':>20} {'peak heap':>10}")
    for count in (1, 2):
        runs = [run for run in concurrency if run["workers"] == count]
        alone = statistics.median(run["alone_ms"] for run in runs)
        together = statistics.median(run["together_ms"] for run in runs)
        rss = max(peak["rss_mib"] for run in runs for peak in run["workers_peak"])
        heap = max(peak["heap_mib"] for run in runs for peak in run["workers_peak"])
        lines.append(f"{count:<8} {alone / 1000:8.1f} s {together / 1000:9.1f} s"
                     f" {together / runs[0]['ideal_ms']:14.2f}x {rss:16} MiB {heap:6} MiB")
    text = "\n".join(lines)
    print(text)
    with open(os.path.join(RESULTS, f"engine-{label}.txt"), "w") as out:
        out.write(text + "\n")


if __name__ == "__main__":
    main()
