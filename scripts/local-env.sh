# shellcheck shell=bash
# The user's own worker settings, .relman/local.env (or the file RELMAN_LOCAL_ENV names): the secrets of
# their stack and additions to the worker's allow-lists. Sourced by lib.sh, never run; no script writes
# that file. Needs STATE (relman's state directory). Lines are NAME=value, taken literally (no quotes, no
# $ expansion: a password may hold either), with # comments and blank lines.

LOCAL_ENV_ADDED_LISTS="RELMAN_SECRETS_ALLOWED RELMAN_PATHS_ALLOWED"   # added to relman's, never replacing them

local_env_file() { echo "${RELMAN_LOCAL_ENV:-$STATE/local.env}"; }

# env_file_lines FILE: the NAME=value lines of FILE, checked (file:line on the first malformed one).
env_file_lines() {
  local file=$1 line number=0 name shown=${1#"$PWD"/}
  declare -A seen=()
  while IFS= read -r line || [ -n "$line" ]; do
    number=$((number + 1))
    [[ "$line" =~ ^[[:space:]]*(#.*)?$ ]] && continue
    if [[ ! "$line" =~ ^([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]]; then
      echo "$shown:$number: not a NAME=value line (a letter or _ first, then letters, digits, _; no spaces around =)" >&2
      return 1
    fi
    name=${BASH_REMATCH[1]}
    if [[ "$line" == *$'\r' ]]; then
      echo "$shown:$number: ends in a carriage return (a Windows line end): it would become part of $name's value" >&2
      return 1
    fi
    if [ -n "${seen[$name]:-}" ]; then
      echo "$shown:$number: $name is set again (first at line ${seen[$name]}): keep one" >&2
      return 1
    fi
    seen[$name]=$number
    printf '%s\n' "$line"
  done <"$file"
}

# local_env_lines: the user's lines, checked; nothing when there is no such file. Refused when anyone but
# its owner may read it: it holds the stack's secrets.
local_env_lines() {
  local file mode shown
  file=$(local_env_file)
  [ -e "$file" ] || return 0
  mode=$(stat -L -c %a "$file")
  if (( (8#$mode & 8#077) != 0 )); then
    shown=${file#"$PWD"/}
    echo "$shown: others than its owner may read or change it (mode $mode), and it holds secrets." \
      "Fix: chmod 600 $shown" >&2
    return 1
  fi
  env_file_lines "$file"
}

# worker_environment: what the worker starts with, one NAME=value a line: relman's secrets and settings,
# then the user's, which win, except the allow-lists, where the user's entries are added to relman's.
worker_environment() {
  local relman user line name value list
  relman=$(env_file_lines "$STATE/secrets.env" && env_file_lines "$STATE/worker.env") || return 1
  user=$(local_env_lines) || return 1
  declare -A values=()
  local order=()
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    name=${line%%=*}
    value=${line#*=}
    [ -n "${values[$name]+set}" ] || order+=("$name")
    values[$name]=$value
  done <<<"$relman"
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    name=${line%%=*}
    value=${line#*=}
    [ -n "${values[$name]+set}" ] || order+=("$name")
    list=" $LOCAL_ENV_ADDED_LISTS "
    if [[ "$list" == *" $name "* ]] && [ -n "${values[$name]}" ] && [ -n "$value" ]; then
      values[$name]="${values[$name]},$value"
    elif [[ "$list" != *" $name "* ]] || [ -n "$value" ]; then
      values[$name]=$value
    fi
  done <<<"$user"
  for name in "${order[@]}"; do printf '%s=%s\n' "$name" "${values[$name]}"; done
}

# What the running worker was started with, as a hash (the file holds no secret).
WORKER_STARTED_WITH="$STATE/worker.started-with.sha256"

worker_environment_hash() {
  local environment
  environment=$(worker_environment) || return 1
  printf '%s\n' "$environment" | sha256sum | cut -d' ' -f1
}

# worker_settings_changed: whether the worker would start with other settings than the running one did.
# A worker started before relman kept this record ran on relman's settings alone: changed only when the
# user has a local.env.
worker_settings_changed() {
  local now
  now=$(worker_environment_hash) || return 2
  if [ ! -f "$WORKER_STARTED_WITH" ]; then
    [ -e "$(local_env_file)" ] && return 0
    echo "$now" >"$WORKER_STARTED_WITH"
    return 1
  fi
  [ "$now" != "$(cat "$WORKER_STARTED_WITH")" ]
}

record_worker_environment() {
  local hash
  hash=$(worker_environment_hash) || return 1
  echo "$hash" >"$WORKER_STARTED_WITH"
}
