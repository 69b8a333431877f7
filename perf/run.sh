#!/usr/bin/env bash
# One-liner for the README: builds the jar and the app package, prepares the Python peer's
# venv, then runs the benchmark. Usage: perf/run.sh [bench.py options, e.g. --full]
#        perf/run.sh startup [startup.py options]
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q package -DskipTests
fi

# splunk-sdk 3.x needs CPython >= 3.13 (Splunk 10 ships 3.13); older interpreters get the 2.1 line.
venv=perf/.venv
if [[ ! -x $venv/bin/python ]]; then
  # Chosen by running each one: a pyenv shim is on PATH even for a version that is not enabled,
  # and then fails with "command not found" (exit 127) when started.
  py=""
  for cand in python3.14 python3.13 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[3-9]*/bin/python3 python3; do
    if "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 13))' >/dev/null 2>&1; then py=$cand; break; fi
  done
  if [[ -n $py ]]; then sdk="splunk-sdk==3.0.1"; else py=python3; sdk="splunk-sdk==2.1.1"; fi
  "$py" -m venv "$venv"
  "$venv/bin/pip" install -q "$sdk"
fi

if [[ "${1:-}" == startup ]]; then
  shift
  "$venv/bin/python" perf/startup.py "$@"
  exec "$venv/bin/python" perf/startup_duel.py
fi
exec "$venv/bin/python" perf/bench.py "$@"
