# shellcheck shell=bash
# Whether a process of a pid file still runs. Sourced by lib.sh; no side effects.
#
# kill -0 alone also succeeds for a zombie: a process that died and that nobody has reaped yet. Where
# PID 1 reaps nothing (as on these machines, or in a container without an init), a worker killed with
# SIGKILL stays a zombie, kill -0 keeps answering, and setup.sh would never start another.

# pid_alive PID: the process exists and is not a zombie (state Z) or dead (X).
pid_alive() {
  local pid=$1 stat rest
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  { stat=$(<"/proc/$pid/stat"); } 2>/dev/null || return 1
  # The second field is the command name in parentheses, which may hold spaces: the state follows its ")".
  rest=${stat##*) }
  case ${rest%% *} in Z | X | x) return 1 ;; esac
}

# pid_file_alive FILE: FILE names a process that pid_alive finds.
pid_file_alive() { [ -f "$1" ] && pid_alive "$(cat "$1")"; }
