package gold

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/subproc/subproc"
)

// seedGold is the folder of seed gold files, skipping the test when it is missing.
func seedGold(tb testing.TB) string {
	tb.Helper()
	dir := sharedPath(tb, "seeds", "gold")
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		tb.Skipf("seed gold folder %s not found: it sits next to the repository in the shared checkout", dir)
	}
	return dir
}

// scorePy returns the reference scorer, skipping the test when it or python3 is missing.
func scorePy(tb testing.TB) (py, script string) {
	tb.Helper()
	py = python(tb)
	script = sharedPath(tb, "tools", "score.py")
	if _, err := os.Stat(script); err != nil {
		tb.Skipf("reference scorer %s not found", script)
	}
	return py, script
}

// loadSeeds loads the seed gold files with their entry names.
func loadSeeds(tb testing.TB, dir string) []Doc {
	tb.Helper()
	entries, err := Dir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	if len(entries) == 0 {
		tb.Skipf("no gold files in %s", dir)
	}
	var docs []Doc
	for _, e := range entries {
		g, err := Load(e.Path)
		if err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, Doc{Name: e.Name, Gold: g})
	}
	return docs
}

// clone deep-copies an extraction through its JSON form.
func clone(tb testing.TB, e *subproc.Extraction) *subproc.Extraction {
	tb.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		tb.Fatal(err)
	}
	c, _, err := decode(b)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func writeJSONFile(tb testing.TB, path string, v any) {
	tb.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	writeFile(tb, path, string(b))
}

func writeFile(tb testing.TB, path, text string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// Mutations of a prediction, each a mistake an extractor can make.

func dropRow(e *subproc.Extraction, i int) {
	e.Subprocessors = slices.Delete(e.Subprocessors, i, i+1)
}

func truncatePurpose(r *subproc.Record, keep float64) {
	w := strings.Fields(r.Purpose)
	r.Purpose = strings.Join(w[:int(float64(len(w))*keep)], " ")
}

// spaced reformats a registration number: lowercase, a space every three characters.
func spaced(s string) string {
	var b strings.Builder
	for i, r := range strings.ToLower(s) {
		if i > 0 && i%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mutated is case (b): the seed predictions with a fixed set of mistakes.
func mutated(tb testing.TB, golds []Doc) map[string]*subproc.Extraction {
	preds := map[string]*subproc.Extraction{}
	for k, d := range golds {
		p := clone(tb, d.Gold)
		preds[d.Name] = p
		rows := p.Subprocessors
		switch k % 5 {
		case 0: // alias missing, purpose truncated, a row dropped
			rows[0].Aliases = nil
			truncatePurpose(&rows[0], 0.5)
			truncatePurpose(&rows[1], 0.9)
			dropRow(p, len(rows)-1)
		case 1: // extra rows, country changed, legal-form and case variants of names
			rows[1].Country = []string{"US"}
			rows[0].Name = "AWS"
			rows[2].Name = strings.ToUpper(rows[2].Name)
			p.Subprocessors = append(p.Subprocessors,
				subproc.Record{Name: "Extra Vendor ApS", Country: []string{"DK"}, Purpose: "Hosting."},
				rows[1])
		case 2: // wrong language, reg_no reformatted, legal form only
			p.Language = "da"
			for i := range rows {
				rows[i].RegNo = spaced(rows[i].RegNo)
			}
			rows[0].Name = "AB"
			rows[1].Address = ""
		case 3: // reversed rows, locations and legal bases changed, text fields added
			slices.Reverse(rows)
			for i := range rows {
				if i%3 == 0 {
					rows[i].Location = append(rows[i].Location, "WORLD")
				}
				if i%4 == 1 {
					rows[i].LegalBasis = []string{"scc"}
					rows[i].DataCategories = "Navn, e-post."
				}
			}
		case 4: // no language, lowercased codes, a name split in two rows
			p.Language = ""
			for i := range rows {
				for j, c := range rows[i].Location {
					rows[i].Location[j] = strings.ToLower(c)
				}
			}
			rows[3].Aliases = []string{"g suite", "Workspace"}
			rows[6].Name = "Stripe Payments Europe Limited"
			p.Subprocessors = slices.Insert(p.Subprocessors, 1, subproc.Record{Name: "Facebook Ireland Ltd"})
		}
	}
	return preds
}

// randomized returns predictions with random mistakes drawn from seed.
func randomized(tb testing.TB, golds []Doc, seed uint64) map[string]*subproc.Extraction {
	rng := rand.New(rand.NewPCG(seed, 1))
	names := []string{"AB", "Group AB", "The Company", "Google", "Google Ireland Ltd", "Microsoft", "MICROSOFT AB",
		"Amazon Web Services, Inc.", "Spar-Nord", "Jönköping Energi", "jonkoping energi ab", "Zendesk Inc.", "Ōkami Œuvre", ""}
	preds := map[string]*subproc.Extraction{}
	for _, d := range golds {
		if rng.IntN(8) == 0 {
			continue // no prediction file
		}
		p := clone(tb, d.Gold)
		preds[d.Name] = p
		if rng.IntN(4) == 0 {
			p.Language = []string{"", "en", "nn", "da"}[rng.IntN(4)]
		}
		for n := rng.IntN(2 * (len(p.Subprocessors) + 1)); n > 0; n-- {
			rows := p.Subprocessors
			if len(rows) == 0 {
				p.Subprocessors = append(p.Subprocessors, subproc.Record{Name: names[rng.IntN(len(names))]})
				continue
			}
			i := rng.IntN(len(rows))
			r := &rows[i]
			switch rng.IntN(16) {
			case 0:
				dropRow(p, i)
			case 1:
				p.Subprocessors = slices.Insert(rows, rng.IntN(len(rows)+1), *r)
			case 2:
				p.Subprocessors = slices.Insert(rows, rng.IntN(len(rows)+1), subproc.Record{
					Name: names[rng.IntN(len(names))], Country: []string{"SE"}, Purpose: r.Purpose})
			case 3:
				j := rng.IntN(len(rows))
				rows[i], rows[j] = rows[j], rows[i]
			case 4:
				truncatePurpose(r, rng.Float64())
			case 5:
				r.Country = [][]string{nil, {"US"}, {"se"}, append(r.Country, r.Country...)}[rng.IntN(4)]
			case 6:
				r.Aliases = [][]string{nil, {"aws"}, {r.Name}}[rng.IntN(3)]
			case 7:
				r.RegNo = []string{"", spaced(r.RegNo), "-", strings.ReplaceAll(r.RegNo, "-", "")}[rng.IntN(4)]
			case 8:
				r.Name = strings.ToUpper(r.Name) + []string{"", " AB", " Ltd.", " (EU)"}[rng.IntN(4)]
			case 9:
				if f := strings.Fields(r.Name); len(f) > 0 {
					r.Name = f[0]
				}
			case 10:
				r.Name = names[rng.IntN(len(names))]
			case 11:
				r.Location = [][]string{nil, {"EU"}, {"world", "eu"}}[rng.IntN(3)]
			case 12:
				r.LegalBasis = [][]string{nil, {"SCC"}, {"DPF", "scc"}}[rng.IntN(3)]
			case 13:
				r.Address = []string{"", strings.ToUpper(r.Address), r.Address + ", Sverige"}[rng.IntN(3)]
			case 14:
				r.DataCategories = []string{"", "Navn", r.Purpose}[rng.IntN(3)]
			case 15:
				r.Purpose = strings.ReplaceAll(strings.ToUpper(r.Purpose), " ", "  ") + " ."
			}
		}
	}
	return preds
}

// agreeCase is one gold folder and one prediction folder to score both ways.
type agreeCase struct {
	name       string
	gold, pred string
}

func TestAgreesWithScorePy(t *testing.T) {
	py, script := scorePy(t)
	seeds := seedGold(t)
	golds := loadSeeds(t, seeds)

	predDir := func(name string, preds map[string]*subproc.Extraction) string {
		dir := filepath.Join(t.TempDir(), name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for n, p := range preds {
			writeJSONFile(t, filepath.Join(dir, n), p)
		}
		return dir
	}
	identical := map[string]*subproc.Extraction{}
	for _, d := range golds {
		identical[d.Name] = d.Gold
	}
	cases := []agreeCase{
		{"identical", seeds, predDir("identical", identical)},
		{"mutated", seeds, predDir("mutated", mutated(t, golds))},
		{"empty", seeds, predDir("empty", nil)},
		folderCase(t, golds),
	}
	for seed := uint64(1); seed <= 8; seed++ {
		cases = append(cases, agreeCase{fmt.Sprintf("random-%d", seed), seeds,
			predDir(fmt.Sprintf("random-%d", seed), randomized(t, golds, seed))})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := ScoreDirs(c.gold, c.pred)
			if err != nil {
				t.Fatal(err)
			}
			wantJSON := run(t, py, script, c.gold, c.pred, "--json")
			compareJSON(t, got, wantJSON)
			var b bytes.Buffer
			if err := got.WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
			if b.String() != string(wantJSON) {
				t.Errorf("WriteJSON:\n%s\nscore.py --json:\n%s", b.String(), wantJSON)
			}
			for _, perDoc := range []bool{true, false} {
				var args []string
				if perDoc {
					args = append(args, "--per-doc")
				}
				want := run(t, py, script, c.gold, c.pred, args...)
				b.Reset()
				if err := got.Write(&b, perDoc); err != nil {
					t.Fatal(err)
				}
				if b.String() != string(want) {
					t.Errorf("Write(perDoc=%v):\n%s\nscore.py %v:\n%s", perDoc, b.String(), args, want)
				}
			}
		})
	}
}

// folderCase is case (e): gold documents as folders holding gold.json next to
// files score.py ignores, and hand-written predictions score.py reads leniently.
func folderCase(t *testing.T, golds []Doc) agreeCase {
	gold, pred := filepath.Join(t.TempDir(), "gold"), filepath.Join(t.TempDir(), "pred")
	writeFile(t, filepath.Join(gold, "README.md"), "not a gold file")
	writeFile(t, filepath.Join(gold, "no-gold", "notes.txt"), "no gold.json here")
	for i, d := range golds {
		name := strings.TrimSuffix(d.Name, ".json")
		writeJSONFile(t, filepath.Join(gold, name, "gold.json"), d.Gold)
		path := filepath.Join(pred, name+".json")
		switch i {
		case 0: // keys spelled with capitals are not the schema's keys
			writeFile(t, path, `{"Language": "nb", "subprocessors": [
				{"Name": "MongoDB Limited", "country": ["IE"]},
				{"name": "MongoDB", "Country": ["IE"], "reg_no": "499 992", "aliases": null}]}`)
		case 1: // empty language, null rows
			writeFile(t, path, `{"language": "", "subprocessors": null}`)
		case 2: // null language, falsy rows, unknown keys
			writeFile(t, path, `{"language": null, "subprocessors": {}, "extra": [1, 2]}`)
		case 3: // no language key
			p := clone(t, d.Gold)
			b, _ := json.Marshal(p)
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			delete(m, "language")
			writeJSONFile(t, path, m)
		default:
			writeJSONFile(t, path, d.Gold)
		}
	}
	return agreeCase{"folders", gold, pred}
}

// run runs score.py on a gold and a prediction folder and returns its output.
func run(tb testing.TB, py, script, gold, pred string, flags ...string) []byte {
	tb.Helper()
	cmd := exec.Command(py, append([]string{script, gold, pred}, flags...)...)
	cmd.Env = append(os.Environ(), "PYTHONUTF8=1", "PYTHONIOENCODING=utf-8")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("score.py %v: %v\n%s", flags, err, stderr.String())
	}
	return out
}

// compareJSON checks every number of score.py's --json output against got.
func compareJSON(tb testing.TB, got Result, out []byte) {
	tb.Helper()
	var want struct {
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
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&want); err != nil {
		tb.Fatalf("score.py --json: %v\n%s", err, out)
	}
	if got.Docs != want.Docs {
		tb.Errorf("Docs = %d, want %d", got.Docs, want.Docs)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"language_acc", got.LanguageAcc, want.LanguageAcc},
		{"row_p", got.RowP, want.RowP}, {"row_r", got.RowR, want.RowR}, {"row_f1", got.RowF1, want.RowF1},
		{"cell_p", got.CellP, want.CellP}, {"cell_r", got.CellR, want.CellR}, {"cell_f1", got.CellF1, want.CellF1},
	} {
		if math.Abs(c.got-c.want) > 1e-9 {
			tb.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if len(want.Fields) != len(Fields) || len(got.Fields) != len(Fields) {
		tb.Errorf("fields: got %d, score.py %d, want %d", len(got.Fields), len(want.Fields), len(Fields))
	}
	for _, f := range Fields {
		g, w := got.Fields[f], want.Fields[string(f)]
		switch {
		case (g == nil) != (w == nil):
			tb.Errorf("fields[%s] = %v, want %v", f, g, w)
		case g != nil && math.Abs(*g-*w) > 1e-9:
			tb.Errorf("fields[%s] = %v, want %v", f, *g, *w)
		}
	}
}
