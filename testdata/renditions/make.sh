#!/bin/sh
# Regenerate the rendition fixtures: for each source document below, a folder
# NAME/ with source.*, page.html (tohtml.py), chromium.pdf, libreoffice.pdf,
# gold.json and pages.json (pages.py). The tests only read the results; they never run this script.
#
# Needs: python3, chromium, libreoffice-writer-nogui, fonts-liberation, poppler-utils (Debian 12:
#   apt-get install -y --no-install-recommends libreoffice-writer-nogui chromium fonts-liberation poppler-utils)
# Usage: testdata/renditions/make.sh [NAME...]   (no NAME: all of them;
#        HTML_ONLY=1 writes page.html without printing the PDFs)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
only="$*"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

want() { [ -z "$only" ] && return 0; for n in $only; do [ "$n" = "$1" ] && return 0; done; return 1; }

# render NAME: page.html -> chromium.pdf and libreoffice.pdf
render() {
	d="$here/$1"
	[ -n "${HTML_ONLY:-}" ] && return 0
	profile=$(mktemp -d "$tmp/chromium.XXXXXX")
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --no-pdf-header-footer \
		--print-to-pdf="$d/chromium.pdf" "file://$d/page.html" >"$tmp/chromium.log" 2>&1 ||
		{ cat "$tmp/chromium.log" >&2; exit 1; }
	lohome=$(mktemp -d "$tmp/lo.XXXXXX")
	HOME="$lohome" libreoffice --headless --infilter="HTML (StarWriter)" \
		--convert-to pdf:writer_pdf_Export --outdir "$lohome/out" "$d/page.html" >"$tmp/lo.log" 2>&1 ||
		{ cat "$tmp/lo.log" >&2; exit 1; }
	mv "$lohome/out/page.pdf" "$d/libreoffice.pdf"
	python3 "$here/pages.py" "$d"
	printf '%-28s chromium %6s B  libreoffice %6s B\n' "$1" \
		"$(wc -c <"$d/chromium.pdf")" "$(wc -c <"$d/libreoffice.pdf")"
}

# seed NAME SEEDFILE TOHTML-ARGS...: a seed document and its gold
seed() {
	name=$1 file=$2
	shift 2
	want "$name" || return 0
	d="$here/$name"
	mkdir -p "$d"
	cp "$root/testdata/seeds/$file" "$d/source.txt"
	cp "$root/testdata/gold/seeds/$file.json" "$d/gold.json"
	python3 "$here/tohtml.py" "$d/source.txt" "$d/page.html" "$@"
	render "$name"
}

# golden NAME TOHTML-ARGS...: testdata/golden/NAME.txtar's doc.* and want.json
golden() {
	name=$1
	shift
	want "golden-$name" || return 0
	d="$here/golden-$name"
	mkdir -p "$d"
	src=$(python3 - "$root/testdata/golden/$name.txtar" "$d" <<'EOF'
import sys, re
ar, out = sys.argv[1], sys.argv[2]
parts = re.split(r'^-- (\S+) --\n', open(ar, encoding='utf-8').read(), flags=re.M)
files = dict(zip(parts[1::2], parts[2::2]))
doc = next(n for n in files if n.startswith('doc.'))
open(out + '/source' + doc[3:], 'w', encoding='utf-8').write(files[doc])
open(out + '/gold.json', 'w', encoding='utf-8').write(files['want.json'])
print(out + '/source' + doc[3:])
EOF
)
	python3 "$here/tohtml.py" "$src" "$d/page.html" "$@"
	render "golden-$name"
}

# The seeds (acceptance 1 of issue 3).
seed seed-000 000_c234178dc665bf97.txt --lang nb --brand Capturi \
	--splitheader 'Navn|Selskapets reg.nr.|Adresse|Beskrivelse av behandling'
seed seed-001 001_c5a236ff6bdad0fb.txt --lang da --brand 'Capturi A/S' --doc
seed seed-002 002_d2000c32336a6da1.txt --lang sv --brand 'Bluerange' --doc
seed seed-003 003_a850dc1b6be13349.txt --lang nb --brand Plandisc --title Underdatabehandlere \
	--encoding windows-1252
seed seed-004 004_f46519be0517b3f2.txt --lang sv --brand Viva

# Golden documents: tables, key-value blocks, lists, definition lists in da/nb/nn/sv/en.
golden da-tabtable-1 --lang da --brand Kvikbook --doc --cell-pt 7.5pt
golden sv-tabtable-1 --lang sv --brand 'Klarvik Systems' --doc
golden en-tabtable-1 --lang en --brand 'Brightwell Analytics'
golden da-kv-1 --lang da --brand Tandplan
golden nn-kv-1 --lang nn --brand 'Sogn Rekneskap' --kv dl
golden en-kv-1 --lang en --brand Tallyform
golden nb-mdtable-1 --lang nb --brand 'Fjellsport Nett'
golden sv-list-1 --lang sv --brand Cykelpoolen
golden nn-deflist-1 --lang nn --brand Fjordhytter

find "$here" -type f -printf "%s\n" | awk "{s += \$1} END {print \"total: \" s \" bytes\"}"
