#!/bin/sh
# Renders the committee pack of the seed plan, as of the committee of
# 18 Feb 2020, in headless Chromium: the picture in the README
# (docs/report-pack.png) and, when asked, the pack printed to PDF, to look at
# its A4 landscape pages. tests/report.rs checks the same rendering (bars and
# rows in the browser's DOM, the PDF's page size and columns).
#
# Usage: scripts/screenshot-report.sh [OUTPUT.png [OUTPUT.pdf]]
#        (default docs/report-pack.png, no PDF)
# Needs: chromium (apt-get install chromium fonts-liberation) and cargo.
set -eu
cd "$(dirname "$0")/.."
output=${1:-docs/report-pack.png}
command -v chromium >/dev/null 2>&1 || { echo "$0: chromium is not installed" >&2; exit 2; }
cargo build --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
actionplan() { target/debug/actionplan --db "$work/plan.db" "$@"; }
actionplan import data/north-lanarkshire-integration-review-2020.csv \
    --plan NL --partnership "North Lanarkshire" 2>/dev/null
actionplan report --as-of 2020-02-18 -o "$work/pack.html" 2>/dev/null
browse() {
    chromium --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile" "$@" "file://$work/pack.html" 2>/dev/null
}
browse --hide-scrollbars --window-size=1600,1200 --screenshot="$work/pack.png"
cp "$work/pack.png" "$output"
echo "wrote $output"
if [ "$#" -ge 2 ]; then
    browse --no-pdf-header-footer --print-to-pdf="$work/pack.pdf"
    cp "$work/pack.pdf" "$2"
    echo "wrote $2"
fi
