#!/usr/bin/env bash
# Engine benchmark: relman's deploy workflow over activities that do nothing (or sleep), on the running
# Temporal server: the cost of each activity with and without eager activity execution, and 20 releases
# at once on one worker and on two. Prints a table and writes bench/results/engine.json.
# Usage: bench/engine/run.sh [--rounds 5] [--activity-ms 1000] [--address HOST:PORT] [--label NAME]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/../../scripts/setup.sh"
exec python3 "$here/run.py" "$@"
