# The codec endpoint of the worker that the Web UI calls. Sourced by lib.sh, never run.

# The codec endpoint the Web UI calls, with the worker's token (RELMAN_CODEC_TOKEN, .relman/secrets.env) as
# a path segment: the dev server's UI passes no Authorization header.
codec_ui_endpoint() { # codec_ui_endpoint [PORT]: needs STATE and WORKER_PORT (lib.sh)
  local token
  token=$(sed -n 's/^RELMAN_CODEC_TOKEN=//p' "$STATE/secrets.env")
  [ -n "$token" ] || { echo "no RELMAN_CODEC_TOKEN in $STATE/secrets.env" >&2; return 1; }
  echo "http://127.0.0.1:${1:-$WORKER_PORT}/codec/$token"
}
