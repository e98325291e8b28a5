#!/usr/bin/env bash
# The scale benchmark: 100,000 milestones and 1,000,000 updates, side by side
# with the plain sqlite3 shell and with Taskwarrior. Prints markdown tables and
# writes them to target/bench/scale.md (or $BENCH_OUT).
#
# Not part of CI, and no test asserts a timing: run it by hand on a quiet
# machine (about 5 minutes on 2 cores). Settings are environment variables,
# described at the top of benches/scale.rs, e.g. a quick run:
#   BENCH_MILESTONES=10000 BENCH_UPDATES=100000 BENCH_PEER_SIZES=10000 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the comparison needs: the sqlite3 shell, Taskwarrior, and GNU
# time (for each process's peak memory). Installed only when missing.
missing=()
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v task >/dev/null 2>&1 || missing+=(taskwarrior)
[ -x /usr/bin/time ] || missing+=(time)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=""
  elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "bench.sh: please install: ${missing[*]} (the comparison columns are left out without them)" >&2
    sudo="skip"
  fi
  if [ "$sudo" != "skip" ]; then
    echo "bench.sh: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

echo "bench.sh: building the release binary" >&2
cargo build --release --quiet

mkdir -p target/bench
export BENCH_OUT="${BENCH_OUT:-target/bench/scale.md}"
cargo bench --quiet --bench scale
