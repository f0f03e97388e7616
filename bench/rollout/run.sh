#!/usr/bin/env bash
# bench/rollout: relman's release next to the guides' script, Docker Swarm and docker-compose down/up,
# under the same load, in interleaved rounds; then three broken releases for relman and Swarm. About 12
# minutes with the defaults. Prints tables and writes bench/results/rollout.{json,txt,png}.
# Usage: bench/rollout/run.sh [--rounds 5] [--broken-rounds 3] [--broken v3-broken v3-crash v3-late] [--label rollout] [--keep]
source "$(dirname "$0")/../../scripts/lib.sh"
"$RELMAN_HOME/scripts/setup.sh"
apt_install docker-compose python3-matplotlib
for version in v2 v2.1 v3-broken v3-crash v3-late; do
  docker image inspect "relman/shop-app:$version" >/dev/null 2>&1 ||
    docker build -q -t "relman/shop-app:$version" --build-arg "APP_VERSION=$version" \
      "$RELMAN_HOME/examples/shop/app" >/dev/null
done
# Debian's matplotlib is for Debian's python3, whichever python3 comes first on the PATH.
exec /usr/bin/python3 "$RELMAN_HOME/bench/rollout/run.py" "$@"
