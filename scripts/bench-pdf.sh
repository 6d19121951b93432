#!/usr/bin/env bash
# Benchmarks of PDF decoding (issue 3, acceptance 4; issue 6, speed and
# memory), side by side with poppler's pdftotext -layout in one run. Prints
# every figure that BENCHMARKS.md quotes; see there for what they mean.
#
# Needs: Go, gcc (cgo, for the SQLite driver), poppler-utils (pdftotext),
# GNU time (/usr/bin/time) and procps (pgrep); qpdf only with --remake.
#   apt-get install -y --no-install-recommends poppler-utils time procps qpdf
#
# Usage: scripts/bench-pdf.sh [-n RUNS] [--remake] [SECTION...]
#   SECTION: go decode vs bulk extract rss profile (default: all of them, in that order)
#   -n RUNS   timed runs of each command in vs, rounds of decode (default 10; bulk uses RUNS/2)
#   --remake  rebuild testdata/bench/renditions-54p.pdf from the renditions first
#
# The benchmark document, testdata/bench/renditions-54p.pdf (54 pages, 640 KB),
# is the Chromium and then the LibreOffice rendition of seeds 000-004 joined
# with qpdf 11.3.0 (--deterministic-id: the same inputs give the same bytes):
#   qpdf --deterministic-id --empty --pages \
#     testdata/renditions/seed-00{0,1,2,3,4}/chromium.pdf \
#     testdata/renditions/seed-00{0,1,2,3,4}/libreoffice.pdf -- testdata/bench/renditions-54p.pdf
set -euo pipefail
cd "$(dirname "$0")/.."

runs=10
remake=
sections=()
while [ $# -gt 0 ]; do
	case $1 in
	-n) runs=$2; shift 2 ;;
	--remake) remake=1; shift ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	go | decode | vs | bulk | extract | rss | profile) sections+=("$1"); shift ;;
	*) echo "bench-pdf.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
	esac
done
[ ${#sections[@]} -gt 0 ] || sections=(go decode vs bulk extract rss profile)
want() { local s; for s in "${sections[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

doc=testdata/bench/renditions-54p.pdf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CGO_ENABLED=1

step() { printf '\n==> %s\n' "$*"; }

if [ -n "$remake" ] || [ ! -f "$doc" ]; then
	step "make $doc"
	mkdir -p testdata/bench
	qpdf --deterministic-id --empty --pages \
		testdata/renditions/seed-00{0,1,2,3,4}/chromium.pdf \
		testdata/renditions/seed-00{0,1,2,3,4}/libreoffice.pdf -- "$doc"
fi
pages=$(pdfinfo "$doc" 2>/dev/null | awk '/^Pages:/ {print $2}') || pages=54
step "machine and tools"
echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
go version
pdftotext -v 2>&1 | sed -n 1p
echo "document: $doc, $pages pages, $(stat -c %s "$doc") bytes"

step "go build ./cmd/subproc"
go build -o "$tmp/subproc" ./cmd/subproc

# median: the median of the numbers on standard input, one a line.
median() {
	sort -g | awk '{a[NR] = $1} END {
		if (NR == 0) { print "nan"; exit }
		if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# timed OUT CMD...: runs CMD once with its output thrown away and appends
# "wall cpu maxrss_kb" to OUT (wall from the clock, cpu = user + sys of the
# process and the children it waited for, from GNU time).
timed() {
	local out=$1
	shift
	local t0 t1
	t0=$(date +%s.%N)
	/usr/bin/time -f '%U %S %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/stderr" ||
		{ echo "failed: $* (exit $?)" >&2; cat "$tmp/stderr" >&2; exit 1; }
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" '{printf "%.4f %.2f %d\n", b - a, $1 + $2, $3}' "$tmp/time" >>"$out"
}

# pair N "A" "B": one warm-up of each, then A B A B ... N times; prints the
# medians of A and B and the median of the pairwise ratios A/B.
# A and B are command lines split on spaces (no quoting inside).
pair() {
	local n=$1 a=$2 b=$3 i
	: >"$tmp/a"
	: >"$tmp/b"
	# shellcheck disable=SC2086
	{ timed "$tmp/w" $a; timed "$tmp/w" $b; }
	for ((i = 0; i < n; i++)); do
		# shellcheck disable=SC2086
		{ timed "$tmp/a" $a; timed "$tmp/b" $b; }
	done
	paste -d' ' "$tmp/a" "$tmp/b" >"$tmp/ab"
	printf '%-4s %10s %10s %12s\n' "" "wall s" "cpu s" "peak RSS MB"
	for x in a b; do
		printf '%-4s %10s %10s %12.1f\n' "$x" \
			"$(cut -d' ' -f1 "$tmp/$x" | median)" "$(cut -d' ' -f2 "$tmp/$x" | median)" \
			"$(cut -d' ' -f3 "$tmp/$x" | median | awk '{print $1 / 1024}')"
	done
	printf '%-4s %10.2f %10.2f   (median of %d paired ratios)\n' "a/b" \
		"$(awk '{print $1 / $4}' "$tmp/ab" | median)" \
		"$(awk '$5 > 0 {print $2 / $5}' "$tmp/ab" | median)" "$n"
}

if want go; then
	step "go test -bench: in-process decoding of $doc (5 counts of 10 iterations)"
	go test -c -o "$tmp/pdf.test" ./corpus/pdf/
	(cd corpus/pdf && "$tmp/pdf.test" -test.run '^$' -test.bench '^Benchmark(ReadLong|ReadRender|RenderLong|PoolWarm)$' \
		-test.benchtime 10x -test.count 5) | tee "$tmp/gobench"
	for b in ReadLong ReadRender RenderLong PoolWarm; do
		printf '%-22s median %6.1f ms/op  %6.1f pages/s\n' "Benchmark$b" \
			"$(awk -v b="Benchmark$b-" 'index($1, b) == 1 {print $3 / 1e6}' "$tmp/gobench" | median)" \
			"$(awk -v b="Benchmark$b-" 'index($1, b) == 1 {for (i = 1; i < NF; i++) if ($(i + 1) == "pages/s") print $i}' "$tmp/gobench" | median)"
	done
fi

if want decode; then
	step "decode only, paired: per round, the go benchmarks (5 iterations each) then pdftotext -layout 5 times ($runs rounds)"
	[ -x "$tmp/pdf.test" ] || go test -c -o "$tmp/pdf.test" ./corpus/pdf/
	: >"$tmp/dec"
	for ((r = 0; r < runs; r++)); do
		(cd corpus/pdf && "$tmp/pdf.test" -test.run '^$' -test.bench '^Benchmark(ReadLong|ReadRender|PoolWarm)$' \
			-test.benchtime 5x) >"$tmp/round"
		: >"$tmp/pt"
		for i in 1 2 3 4 5; do timed "$tmp/pt" pdftotext -layout "$doc" /dev/null; done
		printf '%s %s %s %s %s\n' \
			"$(awk '$1 ~ /^BenchmarkReadLong-/ {print $3 / 1e9}' "$tmp/round")" \
			"$(awk '$1 ~ /^BenchmarkReadRender-/ {print $3 / 1e9}' "$tmp/round")" \
			"$(awk '$1 ~ /^BenchmarkPoolWarm-/ {print $3 / 1e9}' "$tmp/round")" \
			"$(cut -d' ' -f1 "$tmp/pt" | median)" "$(cut -d' ' -f2 "$tmp/pt" | median)" >>"$tmp/dec"
	done
	printf '%-34s %8s %14s\n' "" "median s" "/ pdftotext"
	printf '%-34s %8.3f %14s\n' "pdftotext -layout, whole process" "$(cut -d' ' -f4 "$tmp/dec" | median)" "1"
	col=1
	for b in ReadLong ReadRender PoolWarm; do
		printf '%-34s %8.3f %14.2f\n' "Benchmark$b, ns/op" "$(cut -d' ' -f$col "$tmp/dec" | median)" \
			"$(awk -v c=$col '{print $c / $4}' "$tmp/dec" | median)"
		col=$((col + 1))
	done
	echo "(ratios: median over the rounds of each round's ratio; pdftotext's median cpu: $(cut -d' ' -f5 "$tmp/dec" | median) s)"
fi

if want vs; then
	step "whole command, one document: a = subproc extract, b = pdftotext -layout ($runs pairs)"
	pair "$runs" "$tmp/subproc extract --quiet $doc" "pdftotext -layout $doc /dev/null"
	step "fixed costs: a = subproc extract of a 1-page text file, b = pdftotext -layout of a 1-page PDF ($runs pairs)"
	printf 'Nordisk Hosting A/S leverer servere.\n' >"$tmp/one.txt"
	pair "$runs" "$tmp/subproc extract --quiet $tmp/one.txt" "pdftotext -layout testdata/renditions/golden-nb-mdtable-1/libreoffice.pdf /dev/null"
fi

if want bulk; then
	n=$(((runs + 1) / 2))
	step "whole command, 20 copies ($((20 * pages)) pages), both on 2 processes: a = subproc extract --workers 2, b = xargs -P 2 pdftotext -layout ($n pairs)"
	mkdir -p "$tmp/bulk"
	for i in $(seq -w 1 20); do cp "$doc" "$tmp/bulk/doc$i.pdf"; done
	printf '%s\n' "$tmp"/bulk/*.pdf >"$tmp/bulk.list"
	printf '#!/bin/sh\nxargs -P 2 -I{} pdftotext -layout {} /dev/null <%s\n' "$tmp/bulk.list" >"$tmp/pdftotext-all"
	chmod +x "$tmp/pdftotext-all"
	pair "$n" "$tmp/subproc extract --quiet --workers 2 $(tr '\n' ' ' <"$tmp/bulk.list")" "$tmp/pdftotext-all"
fi

if want extract; then
	step "go test -bench . ./extract/ (5 counts)"
	go test -run '^$' -bench . -count 5 ./extract/
fi

if want rss; then
	step "subproc ingest testdata/renditions: time and peak RSS (main process polled, workers polled, GNU time -v)"
	# GNU time's "Maximum resident set size" is that of the largest single
	# process among subproc and the workers it waited for; polling
	# /proc/PID/status (VmHWM, the peak so far) every 50 ms tells them apart.
	/usr/bin/time -v -o "$tmp/timev" "$tmp/subproc" ingest --quiet --db "$tmp/rss.db" testdata/renditions \
		>/dev/null 2>"$tmp/ingest.err" &
	tpid=$!
	main=
	for _ in $(seq 100); do main=$(pgrep -o -P "$tpid") && break; sleep 0.01; done
	peak_main=0 peak_worker=0 workers=0
	declare -A seen=()
	while [ -n "$main" ] && kill -0 "$main" 2>/dev/null; do
		m=$(awk '/^VmHWM:/ {print $2}' "/proc/$main/status" 2>/dev/null) && [ -n "$m" ] && peak_main=$m
		for c in $(pgrep -P "$main"); do
			[ -n "${seen[$c]:-}" ] || { seen[$c]=1; workers=$((workers + 1)); }
			w=$(awk '/^VmHWM:/ {print $2}' "/proc/$c/status" 2>/dev/null) || w=0
			[ "${w:-0}" -gt "$peak_worker" ] && peak_worker=$w
		done
		sleep 0.05
	done
	wait "$tpid" || true # exit 3: the hostile PDFs fail, as they should
	grep -E 'Elapsed|User time|System time|Maximum resident|Exit status' "$tmp/timev" | sed 's/^\s*//'
	printf 'peak RSS of the main process (VmHWM): %.1f MB\n' "$(awk -v k="$peak_main" 'BEGIN {print k / 1024}')"
	printf 'peak RSS of the largest worker seen (VmHWM): %.1f MB; worker processes seen: %d\n' \
		"$(awk -v k="$peak_worker" 'BEGIN {print k / 1024}')" "$workers"
	grep -c '^error:' "$tmp/ingest.err" | sed 's/$/ documents failed (the hostile PDFs)/'
fi

if want profile; then
	step "CPU profile of BenchmarkReadRender (30 iterations), cumulative, top 25"
	go test -run '^$' -bench '^BenchmarkReadRender$' -benchtime 30x -cpuprofile "$tmp/cpu.prof" \
		-o "$tmp/pdf-prof.test" ./corpus/pdf/ >/dev/null
	go tool pprof -top -cum -nodecount 25 "$tmp/pdf-prof.test" "$tmp/cpu.prof" 2>/dev/null | sed -n '/flat%/,$p'
fi
