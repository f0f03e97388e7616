#!/usr/bin/env bash
# The README's second command: starts the real runtime the end-to-end tests use (Docker engine,
# Temporal dev server, relman's database), installs Chromium for the Web UI test and docker-compose for the stack relman did not make, and runs every
# test: the formatting check (Spotless), unit and workflow tests (surefire), then end-to-end tests
# (failsafe, worker module).
source "$(dirname "$0")/lib.sh"
start_runtime
apt_install chromium chromium-driver docker-compose
cd "$RELMAN_HOME"
./mvnw -B -ntp spotless:check verify "$@"
