#!/usr/bin/env bash
# What the Miniflux stack's CI does: builds local/miniflux:VERSION for each VERSION (a released version of
# the Go module miniflux.app/v2, from the Go module proxy) on this engine; no registry is reachable. The
# binary is built on the host (CGO off, as upstream's images are) into .relman/cache/miniflux, so a second
# run only asks docker for an image it already has. VERSION-broken is VERSION's binary started listening
# on the container's loopback only (a mistake a release can make): it migrates, starts, and answers no
# health check from outside its container.
set -euo pipefail
export PATH="/usr/bin:$PATH"
here="$(cd "$(dirname "$0")" && pwd)"
cache="${RELMAN_CACHE:-$here/../../.relman/cache}/miniflux"
go="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
mkdir -p "$cache"

binary() { # binary VERSION: builds $cache/VERSION/miniflux once
  local version=$1 dir="$cache/$1"
  [ -x "$dir/miniflux" ] && return 0
  mkdir -p "$dir/src"
  printf 'module local/miniflux-build\n\ngo 1.24\n\nrequire miniflux.app/v2 v%s\n' "$version" >"$dir/src/go.mod"
  (cd "$dir/src" && GOFLAGS=-mod=mod CGO_ENABLED=0 "$go" build -trimpath \
    -ldflags "-s -w -X miniflux.app/v2/internal/version.Version=$version" \
    -o "$dir/miniflux.partial" miniflux.app/v2)
  mv "$dir/miniflux.partial" "$dir/miniflux"
}

for tag in "$@"; do
  version=${tag%-broken}
  binary "$version"
  context="$cache/$version"
  if [ "$tag" = "$version" ]; then
    # As upstream's image: the binary, an unprivileged user, its port; every setting comes from compose.
    cat >"$context/Dockerfile" <<DOCKERFILE
FROM relman/bookworm:base
COPY miniflux /usr/bin/miniflux
EXPOSE 8080
USER 65534
CMD ["/usr/bin/miniflux"]
DOCKERFILE
    docker build -q -t "local/miniflux:$tag" "$context" >/dev/null
  else
    docker build -q -t "local/miniflux:$tag" - >/dev/null <<DOCKERFILE
FROM local/miniflux:$version
CMD ["/bin/sh", "-c", "LISTEN_ADDR=127.0.0.1:8080 exec /usr/bin/miniflux"]
DOCKERFILE
  fi
done
