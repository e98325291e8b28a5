#!/bin/bash
# Times the commands that keep the plan (add, edit, move, retire, lead
# rename, lead list, history, import --update) on the seed plan (38
# milestones) and on the seed repeated 100 times (3,800), with `update` as
# the baseline: the median of 7 runs, each on a fresh copy of the database,
# and the peak memory of one, as the table in docs/PERFORMANCE.md
# ("Keeping the plan").
#
# Usage: scripts/bench-keeping.sh [path/to/actionplan]
# Needs: python3, GNU time (/usr/bin/time). Build first: cargo build --release
set -eu
AP=${1:-target/release/actionplan}
AP=$(cd "$(dirname "$AP")" && pwd)/$(basename "$AP")
SEED=$(pwd)/data/north-lanarkshire-integration-review-2020.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 - "$SEED" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
out = csv.writer(open("big.csv", "w", newline="", encoding="utf-8"))
out.writerow(rows[0])
for k in range(100):
    for row in rows[1:]:
        row = list(row)
        if row[0]:
            row[0] = f"{row[0]} {k}"
        out.writerow(row)
PY
$AP --db seed.db import "$SEED" --plan P >/dev/null 2>&1
$AP --db big.db import big.csv --plan P >/dev/null 2>&1
for db in seed big; do
  $AP --db $db.db export -o $db-edited.csv >/dev/null 2>&1
  python3 - $db-edited.csv <<'PY'
import csv, io, sys
p = sys.argv[1]
rows = list(csv.reader(io.StringIO(open(p, encoding='utf-8-sig').read())))
rag = rows[0].index('RAG')
changed = 0
for row in rows[1:]:
    if changed < 3 and row[rag] == 'G':
        row[rag] = 'A'; changed += 1
with open(p, 'w', encoding='utf-8-sig', newline='') as f:
    csv.writer(f, lineterminator='\r\n').writerows(rows)
PY
done
median() { # db, args...
  local db=$1; shift
  for i in 1 2 3 4 5 6 7; do
    cp $db.db run.db
    s=$(date +%s%N); $AP --db run.db "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
    echo $(( (e - s) / 1000000 ))
  done | sort -n | sed -n 4p
}
peak() {
  local db=$1; shift
  cp $db.db run.db
  /usr/bin/time -f %M $AP --db run.db "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1/1024}'
}
row() { # label, args...
  local label=$1; shift
  local a=$(median seed "$@"); local b=$(median big "$@"); local m=$(peak big "$@")
  echo "| $label | $a | $b | $m |"
}
echo "| Command | seed (38) ms | seed×100 (3,800) ms | peak MB at 3,800 |"
echo "|---|---|---|---|"
row "update (baseline)" update 4 --rag R --on 2020-03-02
row "milestone add" milestone add --theme Finance --action "New action" --milestone "New one" --lead "Marie Moy" --timeline "Jun 20" --by O --on 2020-03-02
row "milestone edit" milestone edit 4 --milestone "Reworded" --by O --on 2020-03-02
row "milestone move" milestone move 4 --to-action "Set medium term financial plans" --by O --on 2020-03-02
row "milestone retire" milestone retire 4 --reason R --by O --on 2020-03-02
row "lead rename" lead rename "Marie Moy" "Marie Moy-Smith" --by O --on 2020-03-02
row "lead list" lead list --as-of 2020-03-09
row "history" history
for mode in "--dry-run" ""; do a=$(median seed import seed-edited.csv --plan P --update --by O --on 2020-03-02 $mode); b=$(median big import big-edited.csv --plan P --update --by O --on 2020-03-02 $mode); m=$(peak big import big-edited.csv --plan P --update --by O --on 2020-03-02 $mode); echo "| import --update $mode (3 RAGs changed) | $a | $b | $m |"; done
