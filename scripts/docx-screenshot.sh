#!/bin/sh
# Converts a Word appendix (`actionplan export --format docx`) to PDF with
# LibreOffice (headless), then its first page to PNG with pdftoppm: the
# picture in docs/FILE-FORMATS.md.
#
# Usage: scripts/docx-screenshot.sh APPENDIX.docx OUTPUT.png
# Needs: soffice (libreoffice-writer) and pdftoppm (poppler-utils).
#
# docs/appendix-docx.png was made from the seed plan:
#   actionplan --db /tmp/seed.db import data/north-lanarkshire-integration-review-2020.csv --plan 'North Lanarkshire'
#   actionplan --db /tmp/seed.db export --format docx -o /tmp/appendix.docx
#   scripts/docx-screenshot.sh /tmp/appendix.docx docs/appendix-docx.png
set -eu
if [ "$#" -ne 2 ]; then
    echo "usage: $0 APPENDIX.docx OUTPUT.png" >&2
    exit 2
fi
# LibreOffice resolves a relative path against its own directory: make it absolute.
document=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
output=$2
for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$0: $tool is not installed" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private profile, so a running LibreOffice (or a first-run dialog) cannot interfere.
soffice --headless -env:UserInstallation="file://$work/profile" \
    --convert-to pdf --outdir "$work" "$document" >/dev/null
pdf="$work/$(basename "${document%.*}").pdf"
[ -s "$pdf" ] || { echo "$0: LibreOffice did not convert $document" >&2; exit 1; }
# The whole first page, A4 landscape at 60 dpi.
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$pdf" "${output%.png}"
echo "wrote $output"
