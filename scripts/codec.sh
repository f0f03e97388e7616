# shellcheck shell=bash
# Payload keys files (RELMAN_CODEC_KEYS_FILE): one 'KEY_ID BASE64_OF_32_BYTES' a line, # comments. The
# first key encrypts, all of them decrypt. And the codec endpoint the Web UI calls. Sourced by lib.sh, never
# run.
#
# A rotation must never let anything encrypt with a key a worker lacks: a worker reads the file once, at
# its start, the CLI at every command, and a workflow task a worker cannot decrypt fails again and again
# while its release holds the environment's lock. Hence two steps: codec_key_add puts a new key SECOND
# (it decrypts everywhere once read, nothing encrypts with it); codec_key_promote moves it first only after
# every worker has restarted and reports it (/actuator/info, codec.keyIds).

# codec_key_ids FILE: the key ids, the encrypting one first; nothing for a missing file.
codec_key_ids() {
  [ -f "$1" ] || return 0
  awk '$0 !~ /^[[:space:]]*(#|$)/ { print $1 }' "$1"
}

# codec_new_key_id FILE: today's date (YYYYMMDD), or YYYYMMDD.N with the smallest N >= 2 that FILE does not
# hold yet: a second rotation on the same day gets its own id.
codec_new_key_id() {
  local base id n=2 ids
  base=$(date +%Y%m%d)
  ids=" $(codec_key_ids "$1" | tr '\n' ' ') "
  id=$base
  while [[ "$ids" == *" $id "* ]]; do
    id="$base.$n"
    n=$((n + 1))
  done
  echo "$id"
}

# codec_key_add FILE: a new random key, first in a file without keys, else second (decrypting only); prints
# its id. The file is replaced whole, private (0600).
codec_key_add() {
  local file=$1 line id
  id=$(codec_new_key_id "$file")
  line="$id $(head -c 32 /dev/urandom | base64 -w0)"
  (
    umask 077
    if [ -z "$(codec_key_ids "$file")" ]; then
      { [ ! -f "$file" ] || cat "$file"; echo "$line"; } >"$file.new"
    else
      awk -v new="$line" '{ print } !added && $0 !~ /^[[:space:]]*(#|$)/ { print new; added = 1 }' "$file" >"$file.new"
    fi
    mv -f "$file.new" "$file"
  )
  echo "$id"
}

# codec_key_promote FILE ID: key ID's line first, the others below in their order (ID then encrypts).
codec_key_promote() {
  local file=$1 id=$2
  if ! codec_key_ids "$file" | grep -qxF -- "$id"; then
    echo "$file holds no key '$id' (it holds: $(codec_key_ids "$file" | tr '\n' ' '))" >&2
    return 1
  fi
  (
    umask 077
    awk -v id="$id" '$0 !~ /^[[:space:]]*#/ && $1 == id { print }' "$file" >"$file.new"
    awk -v id="$id" '!($0 !~ /^[[:space:]]*#/ && $1 == id) { print }' "$file" >>"$file.new"
    mv -f "$file.new" "$file"
  )
}

# codec_info_holds_key ID: whether the worker's /actuator/info (on stdin) lists key ID in codec.keyIds.
codec_info_holds_key() {
  local ids
  ids=$(grep -o '"keyIds":\[[^]]*\]') || return 1
  [[ "$ids" == *"\"$1\""* ]]
}

# The codec endpoint the Web UI calls, with the worker's token (RELMAN_CODEC_TOKEN, .relman/secrets.env) as
# a path segment: the dev server's UI passes no Authorization header.
codec_ui_endpoint() { # codec_ui_endpoint [PORT]: needs STATE and WORKER_PORT (lib.sh)
  local token
  token=$(sed -n 's/^RELMAN_CODEC_TOKEN=//p' "$STATE/secrets.env")
  [ -n "$token" ] || { echo "no RELMAN_CODEC_TOKEN in $STATE/secrets.env" >&2; return 1; }
  echo "http://127.0.0.1:${1:-$WORKER_PORT}/codec/$token"
}
