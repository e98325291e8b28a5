#!/usr/bin/env bash
# The scale benchmark of issue 12, from a clean clone: every report at 10,000,
# 100,000 and 1,000,000 milestones beside the sqlite3 shell running the same
# report's SQL on the same file, import/overdue/update beside Taskwarrior 2.6,
# and every command on the 38-milestone seed plan. Writes the figures into
# docs/PERFORMANCE.md, replacing only its generated part (between the
# "BEGIN GENERATED" and "END GENERATED" comments), and to target/bench/scale.md.
#
# Not part of CI, and no test asserts a timing. Run it by hand on a quiet
# machine. Settings are environment variables, described in
# docs/PERFORMANCE.md and at the top of examples/bench_compare/main.rs (the
# harness: an example, built by `cargo test` but never run by it). A quick check
# that it all works (about two minutes on 2 cores):
#   BENCH_SIZES=2000,10000 BENCH_REPS=1 scripts/bench.sh
# Leave docs/PERFORMANCE.md alone with BENCH_DOC= (empty).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the comparison needs: the sqlite3 shell, Taskwarrior,
# hyperfine (the seed plan's millisecond figures) and GNU time (each process's
# peak memory). Installed only when missing, as root or through sudo.
missing=()
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v task >/dev/null 2>&1 || missing+=(taskwarrior)
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=""
  elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    sudo="skip"
    echo "bench.sh: not root and no sudo: please install ${missing[*]}" \
      "(the columns that need them are left out)" >&2
  fi
  if [ "$sudo" != "skip" ]; then
    echo "bench.sh: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

echo "bench.sh: building the release binary" >&2
cargo build --release --quiet --bin actionplan

mkdir -p target/bench
export BENCH_OUT="${BENCH_OUT-target/bench/scale.md}"
export BENCH_DOC="${BENCH_DOC-docs/PERFORMANCE.md}"
started=$(date +%s)
cargo run --release --quiet --example bench_compare
echo "bench.sh: done in $(( $(date +%s) - started )) s; figures in ${BENCH_OUT:-(stdout only)}" \
  "${BENCH_DOC:+and $BENCH_DOC}" >&2
