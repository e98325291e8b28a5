#!/bin/sh
# Converts one exported lead return to PDF with LibreOffice (headless), then
# its first page to PNG with pdftoppm: proof that the workbook opens, and the
# picture used in docs/RETURNS.md.
#
# Usage: scripts/screenshot-return.sh RETURN.xlsx OUTPUT.png
# Needs: soffice (libreoffice-calc) and pdftoppm (poppler-utils).
set -eu
if [ "$#" -ne 2 ]; then
    echo "usage: $0 RETURN.xlsx OUTPUT.png" >&2
    exit 2
fi
# LibreOffice resolves a relative path against its own directory: make it absolute.
workbook=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
output=$2
for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$0: $tool is not installed" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A private profile, so a running LibreOffice (or a first-run dialog) cannot interfere.
soffice --headless -env:UserInstallation="file://$work/profile" \
    --convert-to pdf --outdir "$work" "$workbook" >/dev/null
pdf="$work/$(basename "${workbook%.*}").pdf"
[ -s "$pdf" ] || { echo "$0: LibreOffice did not convert $workbook" >&2; exit 1; }
# The top of the first page of A4 landscape at 110 dpi: the header and the first rows.
pdftoppm -png -r 110 -f 1 -l 1 -x 0 -y 0 -W 1286 -H 420 -singlefile "$pdf" "${output%.png}"
echo "wrote $output"
