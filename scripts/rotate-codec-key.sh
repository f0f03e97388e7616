#!/usr/bin/env bash
# Rotates the payload encryption key of this checkout's runtime (.relman/codec.keys) in the order that
# cannot stall a release (scripts/codec.sh says why; docs/payload-encryption.md):
#   rotate-codec-key.sh add          a new key as the second line, then the worker restarted: it decrypts
#                                    with the new key, everything still encrypts with the old one
#   rotate-codec-key.sh promote ID   key ID first, refused while the running worker does not list it; then
#                                    the worker restarted, so that it encrypts with ID too
# Other workers reading the same file (scripts/cluster.sh's, your own) must be restarted between the two.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

restart_worker() {
  worker_running || return 0
  stop_worker
  start_worker
}

case "${1:-}" in
  add)
    id=$(codec_key_add "$CODEC_KEYS")
    log "key $id added second in $CODEC_KEYS: it decrypts, the first key still encrypts"
    restart_worker
    log "restart every other worker that reads $CODEC_KEYS, then: scripts/rotate-codec-key.sh promote $id"
    ;;
  promote)
    id=${2:?usage: rotate-codec-key.sh promote KEY_ID (the id add printed)}
    if worker_running && ! curl -fsS "http://127.0.0.1:$WORKER_PORT/actuator/info" | codec_info_holds_key "$id"; then
      log "refused: the running worker does not list key $id (it started before add): restart it first"
      exit 1
    fi
    codec_key_promote "$CODEC_KEYS" "$id"
    log "key $id encrypts now (the CLI at its next command)"
    restart_worker
    ;;
  *)
    echo "usage: rotate-codec-key.sh add | promote KEY_ID" >&2
    exit 2
    ;;
esac
