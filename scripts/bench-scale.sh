#!/usr/bin/env bash
# Bulk-scale benchmark (issue 6, speed and memory): runs the whole subproc
# binary on corpora made by cmd/gencorpus and prints, per corpus size,
# documents/s and MB/s end to end and per stage, the main process's peak RSS
# and how both grow from one size to the next; then a re-run of the largest
# corpus (every document unchanged, the nightly re-crawl), and PDFs side by
# side with poppler's pdftotext -layout. BENCHMARKS.md quotes its output.
#
# Needs: Go, gcc (cgo, for the SQLite driver), python3, GNU time
# (/usr/bin/time) and, for the pdf section, poppler-utils (pdftotext):
#   apt-get install -y --no-install-recommends poppler-utils time python3
#
# Usage: scripts/bench-scale.sh [--sizes "1000 10000"] [--pdf N] [--seed S]
#                               [--workers W] [--keep DIR] [SECTION...]
#   SECTION   text unchanged pdf (default: all three, in that order)
#   --sizes   corpus sizes of the text section (default "1000 10000";
#             "1000 10000 100000" for the manual 100k run, about 30 minutes)
#   --pdf N   PDF documents in the pdf section (default 300)
#   --seed S  generator seed (default 1): the same seed gives the same corpus
#   --workers ingest --workers (default 0: one per core)
#   --keep    keep the corpora and databases in DIR (default: a temporary
#             folder removed at the end)
#
# The text corpora mix .txt, .md and .html documents in the 14 languages and
# every list layout the generator knows (cmd/gencorpus -formats txt,md,html).
# A corpus of N documents is the first N of any larger one with the same seed.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="1000 10000"
npdf=300
seed=1
workers=0
keep=
sections=()
while [ $# -gt 0 ]; do
	case $1 in
	--sizes) sizes=$2; shift 2 ;;
	--pdf) npdf=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--workers) workers=$2; shift 2 ;;
	--keep) keep=$2; shift 2 ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	text | unchanged | pdf) sections+=("$1"); shift ;;
	*) echo "bench-scale.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
	esac
done
[ ${#sections[@]} -gt 0 ] || sections=(text unchanged pdf)
want() { local s; for s in "${sections[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

if [ -n "$keep" ]; then
	work=$keep
	mkdir -p "$work"
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
export CGO_ENABLED=1
step() { printf '\n==> %s\n' "$*"; }

step "machine and tools"
echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
go version
echo "subproc at $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"

step "build"
go build -o "$work/subproc" ./cmd/subproc
go build -o "$work/gencorpus" ./cmd/gencorpus

# gen N FORMATS DIR: make the corpus unless DIR already holds it.
gen() {
	local n=$1 formats=$2 dir=$3
	if [ -f "$dir/.done" ] && [ "$(cat "$dir/.done")" = "$n $formats $seed" ]; then
		return
	fi
	rm -rf "$dir"
	"$work/gencorpus" -n "$n" -seed "$seed" -formats "$formats" -o "$dir" >/dev/null
	echo "$n $formats $seed" >"$dir/.done"
}

# ingest DB DIR LABEL: one ingest run; appends a JSON line to $work/runs.jsonl
# with the summary, the CPU seconds of the process and its children, and the label.
ingest() {
	local db=$1 dir=$2 label=$3
	local out="$work/ingest-$label.jsonl" tm="$work/time-$label.txt"
	/usr/bin/time -f '%e %U %S %M' -o "$tm" \
		"$work/subproc" ingest --json --workers "$workers" --db "$db" "$dir/docs" >"$out"
	python3 - "$out" "$tm" "$label" >>"$work/runs.jsonl" <<'PY'
import json, sys
out, tm, label = sys.argv[1:]
summary = [json.loads(l) for l in open(out) if '"summary"' in l][-1]
wall, user, sys_, maxrss_kb = open(tm).read().split()[-4:]
summary.update(label=label, wall=float(wall), cpu=float(user) + float(sys_),
               time_maxrss=int(maxrss_kb) * 1024)
print(json.dumps(summary))
PY
}

report() {
	python3 - "$work/runs.jsonl" "$@" <<'PY'
import json, sys
runs = {r['label']: r for r in map(json.loads, open(sys.argv[1]))}
labels = sys.argv[2:]
print(f"{'run':>16} {'docs':>7} {'MB':>6} {'wall s':>7} {'docs/s':>7} {'MB/s':>5} {'CPU s':>6} "
      f"{'CPU ms/doc':>10} {'peak RSS MB':>11} {'commits':>7} {'store busy':>10}")
for l in labels:
    r = runs[l]
    n, mb, wall = r['documents'], r['bytes'] / 1e6, r['elapsed_ms'] / 1e3
    print(f"{l:>16} {n:>7} {mb:>6.1f} {wall:>7.1f} {n / wall:>7.0f} {mb / wall:>5.2f} {r['cpu']:>6.1f} "
          f"{1e3 * r['cpu'] / n:>10.2f} {r.get('peak_rss_bytes', 0) / 2**20:>11.0f} {r['commits']:>7} "
          f"{r['stage_ms']['store'] / r['elapsed_ms']:>10.0%}")
print()
print("per stage: documents/s and MB/s of one worker (stage time summed over the documents)")
stages = ['read', 'decode', 'detect', 'extract', 'normalise', 'store']
print(f"{'run':>16} " + " ".join(f"{s:>17}" for s in stages))
for l in labels:
    r = runs[l]
    n, mb = r['documents'], r['bytes'] / 1e6
    cells = []
    for s in stages:
        sec = r['stage_ms'][s] / 1e3
        if s == 'store' and r['commits'] == 0:
            sec = 0  # nothing written: the writer only counted outcomes
        cells.append(f"{n / sec:>8.0f} {mb / sec:>6.1f}MB/s" if sec > 0 else f"{'-':>17}")
    print(f"{l:>16} " + " ".join(cells))
if len(labels) > 1:
    print()
    print("growth from the first size (x documents -> x time, x peak RSS)")
    a = runs[labels[0]]
    for l in labels[1:]:
        b = runs[l]
        print(f"{a['label']} -> {l}: documents x{b['documents'] / a['documents']:.1f}, "
              f"wall x{b['elapsed_ms'] / a['elapsed_ms']:.2f}, CPU x{b['cpu'] / a['cpu']:.2f}, "
              f"docs/s x{(b['documents'] / b['elapsed_ms']) / (a['documents'] / a['elapsed_ms']):.2f}, "
              f"peak RSS x{b.get('peak_rss_bytes', 0) / max(a.get('peak_rss_bytes', 1), 1):.2f}")
PY
}

if want text || want unchanged; then
	labels=()
	for n in $sizes; do
		step "text: generate $n documents (txt, md, html; seed $seed)"
		gen "$n" txt,md,html "$work/text-$n"
		du -sh "$work/text-$n/docs" | cut -f1
		step "text: ingest $n documents into a new database"
		rm -f "$work/text-$n.db" "$work/text-$n.db-wal" "$work/text-$n.db-shm"
		ingest "$work/text-$n.db" "$work/text-$n" "text-$n"
		labels+=("text-$n")
	done
	step "text: results"
	report "${labels[@]}"
	if want unchanged; then
		last=${labels[-1]}
		n=${last#text-}
		step "unchanged: ingest the same $n documents again (nothing to write)"
		ingest "$work/text-$n.db" "$work/text-$n" "again-$n"
		report "again-$n"
	fi
fi

if want pdf; then
	step "pdf: generate $npdf PDF documents (seed $seed)"
	gen "$npdf" pdf "$work/pdf-$npdf"
	pages=0
	if command -v pdfinfo >/dev/null; then
		pages=$(for f in "$work/pdf-$npdf"/docs/*.pdf; do pdfinfo "$f" | awk '/^Pages:/ {print $2}'; done | paste -sd+ | bc)
	fi
	echo "$(ls "$work/pdf-$npdf/docs" | wc -l) files, $pages pages, $(du -sh "$work/pdf-$npdf/docs" | cut -f1)"
	step "pdf: subproc ingest and pdftotext -layout, in turn, 3 pairs (both on $(nproc) processes)"
	np=$(nproc)
	for i in 1 2 3; do
		rm -f "$work/pdf.db"*
		/usr/bin/time -f '%e %U %S' -o "$work/pdf-sub-$i.txt" \
			"$work/subproc" ingest --json --workers "$workers" --db "$work/pdf.db" "$work/pdf-$npdf/docs" \
			| grep '"summary"' >"$work/pdf-sub-$i.json"
		/usr/bin/time -f '%e %U %S' -o "$work/pdf-ptt-$i.txt" \
			sh -c "ls '$work/pdf-$npdf/docs'/*.pdf | xargs -P $np -I{} pdftotext -layout {} /dev/null"
	done
	python3 - "$work" "$npdf" <<'PY'
import json, statistics, sys
work, n = sys.argv[1], int(sys.argv[2])
def t(name):
    w, u, s = open(f"{work}/{name}").read().split()[-3:]
    return float(w), float(u) + float(s)
ratios_w, ratios_c, ratios_d = [], [], []
for i in (1, 2, 3):
    sw, sc = t(f"pdf-sub-{i}.txt")
    pw, pc = t(f"pdf-ptt-{i}.txt")
    decode = json.load(open(f"{work}/pdf-sub-{i}.json"))["stage_ms"]["decode"] / 1e3
    ratios_w.append(sw / pw)
    ratios_c.append(sc / pc)
    ratios_d.append(decode / pc)
    print(f"pair {i}: subproc ingest {sw:.2f} s wall {sc:.2f} s CPU ({n / sw:.0f} docs/s), decode stage "
          f"{decode:.2f} s summed; pdftotext -layout {pw:.2f} s wall {pc:.2f} s CPU; "
          f"ratio wall {sw / pw:.2f} CPU {sc / pc:.2f} decode/pdftotext-CPU {decode / pc:.2f}")
print(f"median ratio subproc ingest / pdftotext -layout: wall {statistics.median(ratios_w):.2f}, "
      f"CPU {statistics.median(ratios_c):.2f}; decode stage alone / pdftotext CPU {statistics.median(ratios_d):.2f}")
PY
fi
