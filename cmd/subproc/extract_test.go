package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// score is the totals of an eval --json report (score.py's --json form).
type score struct {
	Docs        int                 `json:"docs"`
	LanguageAcc float64             `json:"language_acc"`
	RowP        float64             `json:"row_p"`
	RowR        float64             `json:"row_r"`
	RowF1       float64             `json:"row_f1"`
	CellP       float64             `json:"cell_p"`
	CellR       float64             `json:"cell_r"`
	CellF1      float64             `json:"cell_f1"`
	Fields      map[string]*float64 `json:"fields"`
}

func parseScore(t testing.TB, out string) score {
	t.Helper()
	var s score
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("score is not JSON: %v\n%s", err, out)
	}
	return s
}

func TestExtractAndEvalSeeds(t *testing.T) {
	dir := t.TempDir()
	res := mustRun(t, dir, 0, "extract", "-o", "pred", seedsDir)
	golds, _ := filepath.Glob(filepath.Join(goldDir, "*.json"))
	for _, g := range golds {
		if _, err := os.Stat(filepath.Join(dir, "pred", filepath.Base(g))); err != nil {
			t.Errorf("no prediction for %s: %v", filepath.Base(g), err)
		}
	}
	if n := strings.Count(res.stderr, " rows: name "); n != 5 {
		t.Errorf("stderr has %d field-fill lines, want 5:\n%s", n, res.stderr)
	}
	pred := filepath.Join(dir, "pred")

	total := parseScore(t, mustRun(t, dir, 0, "eval", goldDir, pred, "--json").stdout)
	if total.Docs != 5 || total.LanguageAcc != 1 {
		t.Errorf("%d documents, language accuracy %.2f; want 5 and 1", total.Docs, total.LanguageAcc)
	}

	// Score each document on its own: cell F1 >= 0.95 on every one.
	for _, g := range golds {
		one := filepath.Join(t.TempDir(), "gold")
		os.Mkdir(one, 0o755)
		copyFile(t, g, filepath.Join(one, filepath.Base(g)))
		s := parseScore(t, mustRun(t, dir, 0, "eval", "--json", one, pred).stdout)
		if s.CellF1 < 0.95 || s.LanguageAcc != 1 {
			t.Errorf("%s: cell F1 %.3f, language accuracy %.0f; want >= 0.95 and 1",
				filepath.Base(g), s.CellF1, s.LanguageAcc)
		}
	}

	// eval --docs extracts in-process and scores the same.
	docs := mustRun(t, dir, 0, "eval", "--docs", seedsDir, "--json", goldDir)
	if docs.stdout != mustRun(t, dir, 0, "eval", "--json", goldDir, pred).stdout {
		t.Errorf("eval --docs differs from extract -o + eval:\n%s", docs.stdout)
	}

	// The reference scorer agrees.
	if _, err := os.Stat(scorePy); err != nil {
		t.Logf("skipping the comparison with score.py: %v", err)
		return
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Logf("skipping the comparison with score.py: %v", err)
		return
	}
	for _, args := range [][]string{{"--json"}, {"--per-doc"}, {}} {
		out, err := exec.Command(python, append([]string{scorePy, goldDir, pred}, args...)...).Output()
		if err != nil {
			t.Fatalf("score.py %s: %v", strings.Join(args, " "), err)
		}
		ours := mustRun(t, dir, 0, append([]string{"eval", goldDir, pred}, args...)...).stdout
		if len(args) == 1 && args[0] == "--json" {
			agree(t, parseScore(t, ours), parseScore(t, string(out)))
			continue
		}
		if ours != string(out) {
			t.Errorf("eval %s differs from score.py:\n%s\nscore.py:\n%s", strings.Join(args, " "), ours, out)
		}
	}
}

// agree checks that two scores have the same numbers to two decimals.
func agree(t testing.TB, got, want score) {
	t.Helper()
	near := func(what string, a, b float64) {
		if math.Abs(a-b) >= 0.005 {
			t.Errorf("%s: subproc eval %.4f, score.py %.4f", what, a, b)
		}
	}
	if got.Docs != want.Docs {
		t.Errorf("docs: %d, score.py %d", got.Docs, want.Docs)
	}
	for _, f := range []struct {
		name string
		a, b float64
	}{{"language", got.LanguageAcc, want.LanguageAcc}, {"row_p", got.RowP, want.RowP},
		{"row_r", got.RowR, want.RowR}, {"row_f1", got.RowF1, want.RowF1}, {"cell_p", got.CellP, want.CellP},
		{"cell_r", got.CellR, want.CellR}, {"cell_f1", got.CellF1, want.CellF1}} {
		near(f.name, f.a, f.b)
	}
	for k, w := range want.Fields {
		g := got.Fields[k]
		switch {
		case (g == nil) != (w == nil):
			t.Errorf("field %s: subproc eval %v, score.py %v", k, g, w)
		case g != nil:
			near("field "+k, *g, *w)
		}
	}
}

func TestExtractStdout(t *testing.T) {
	src := seed(t, "000")
	res := mustRun(t, t.TempDir(), 0, "extract", "--quiet", src, seed(t, "002"))
	var got []struct {
		Document      string            `json:"document"`
		Language      string            `json:"language"`
		Subprocessors []json.RawMessage `json:"subprocessors"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &got); err != nil {
		t.Fatalf("stdout is not a JSON array: %v\n%s", err, res.stdout)
	}
	want := goldRows(t)
	if len(got) != 2 || got[0].Document != filepath.Base(src) || got[0].Language != "nb" {
		t.Fatalf("got %+v", got)
	}
	for _, e := range got {
		if len(e.Subprocessors) != want[e.Document] {
			t.Errorf("%s: %d rows, want %d", e.Document, len(e.Subprocessors), want[e.Document])
		}
	}
	if res.stderr != "" {
		t.Errorf("--quiet printed on stderr:\n%s", res.stderr)
	}
}

func TestExtractNoListAndFailure(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "letter.txt"), []byte("Kære kunde,\n\nTak for din henvendelse. Vi vender tilbage hurtigst muligt med et svar på dine spørgsmål.\n\nMed venlig hilsen\nKundeservice\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	res := mustRun(t, dir, 3, "extract", "letter.txt", "empty.txt")
	var got []map[string]any
	if err := json.Unmarshal([]byte(res.stdout), &got); err != nil {
		t.Fatalf("stdout is not a JSON array: %v\n%s", err, res.stdout)
	}
	if len(got) != 1 || got[0]["document"] != "letter.txt" || fmt.Sprint(got[0]["subprocessors"]) != "[]" {
		t.Errorf("got %v, want letter.txt with no rows", got)
	}
	if !strings.Contains(res.stderr, "letter.txt: da, no sub-processor list found") ||
		!strings.Contains(res.stderr, "error: empty.txt: decode: empty file") {
		t.Errorf("stderr:\n%s", res.stderr)
	}
}
