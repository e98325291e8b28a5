#!/bin/sh
# Times the files made for people (CSV and Word appendix, the committee pack
# in HTML, Markdown and Word, the calendar, a Markdown report) on the seed
# plan and on the seed repeated 100 times (3,800 milestones), against the
# CSV export as the baseline: median of 7 runs and peak memory of one, as
# the Markdown table in docs/PERFORMANCE.md ("Committee files").
#
# Usage: scripts/bench-committee-files.sh [path/to/actionplan]
# Needs: python3, GNU time (/usr/bin/time). Build first: cargo build --release
set -eu
bin=${1:-target/release/actionplan}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
seed=$(pwd)/data/north-lanarkshire-integration-review-2020.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 - "$seed" <<'PY'
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
"$bin" --db seed.db import "$seed" --plan NL >/dev/null 2>&1
"$bin" --db big.db import big.csv --plan Big >/dev/null 2>&1
median_ms() {
    for _ in 1 2 3 4 5 6 7; do
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        echo $(( (end - start) / 1000000 ))
    done | sort -n | sed -n 4p
}
peak_mb() {
    /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1 / 1024}'
}
echo "| Command | 38 milestones | 3,800 milestones | peak memory at 3,800 | time / CSV export at 3,800 |"
echo "|---|---|---|---|---|"
base=$(median_ms "$bin" --db big.db export -o a.csv)
for command in "export -o a.csv" "export -o a.docx" "report --as-of 2020-02-18 -o p.html" \
    "report --as-of 2020-02-18 -o p.md" "report --as-of 2020-02-18 -o p.docx" \
    "calendar --as-of 2020-02-18 -o c.ics" "overdue --as-of 2020-02-18" \
    "overdue --as-of 2020-02-18 --format markdown"; do
    # shellcheck disable=SC2086
    small=$(median_ms "$bin" --db seed.db $command)
    # shellcheck disable=SC2086
    large=$(median_ms "$bin" --db big.db $command)
    # shellcheck disable=SC2086
    memory=$(peak_mb "$bin" --db big.db $command)
    ratio=$(awk -v a="$large" -v b="$base" 'BEGIN { printf "%.1f", a / (b > 0 ? b : 1) }')
    echo "| \`$command\` | $small ms | $large ms | $memory MB | ${ratio}x |"
done
