#!/usr/bin/env bash
# CLI start-up benchmark: relman status, validate and the first progress line of deploy, with and
# without the class archive scripts/setup.sh builds, next to the Temporal CLI's workflow describe of the
# same run; interleaved rounds, medians. Prints a table and writes bench/results/cli.json.
# Usage: bench/cli/run.sh [--rounds 7]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/../../scripts/setup.sh"
exec python3 "$here/run.py" "$@"
