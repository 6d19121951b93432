// Package gold reads gold files (the expected extraction of one document) and
// scores predictions against them exactly as the reference scorer
// shared/tools/score.py does, numbers and report text alike.
package gold

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/subproc/subproc"
)

// Fields are the fields score.py compares on matched rows, in its order
// (FIELDS): every field but the name, which the match itself scores.
var Fields = []subproc.Field{subproc.FieldAliases, subproc.FieldRegNo, subproc.FieldAddress,
	subproc.FieldCountry, subproc.FieldPurpose, subproc.FieldLegalBasis, subproc.FieldLocation,
	subproc.FieldDataCategories}

// Doc is one gold document: its entry name and its gold extraction.
type Doc struct {
	Name string
	Gold *subproc.Extraction
}

// Result is a score of predictions against gold documents, score.py's numbers.
type Result struct {
	Docs        int
	LanguageAcc float64 // share of documents whose predicted language is the gold one

	RowP, RowR, RowF1    float64 // matched rows over predicted rows, over gold rows
	CellP, CellR, CellF1 float64 // correct cells over predicted cells, over gold cells

	// Fields holds the accuracy of each of Fields on matched rows (both empty
	// counts as correct); nil when no row matched.
	Fields map[subproc.Field]*float64

	PerDoc []DocResult // one per document, in gold order
}

// DocResult is the score of one document: the numbers of score.py's --per-doc line.
type DocResult struct {
	Name string
	// Languages as score.py sees them: nil when there is no prediction file or
	// the key is missing or null (Python's None, printed "None").
	PredLanguage, GoldLanguage *string

	MatchedRows, GoldRows, PredRows int

	// A row has one cell for its name plus one per non-empty field of Fields.
	// A matched row's name cell is correct, and so is each field with a gold
	// value that the prediction has the same.
	OKCells, GoldCells, PredCells int
	CellP, CellR, CellF1          float64
}

// scored is one document to score, with its languages as score.py sees them.
type scored struct {
	name               string
	gold, pred         *subproc.Extraction // pred nil: no prediction
	goldLang, predLang *string
}

// Score scores preds against golds. preds maps a gold document's name to its
// prediction; a nil or missing prediction has no rows and no language.
func Score(golds []Doc, preds map[string]*subproc.Extraction) Result {
	in := make([]scored, len(golds))
	for i, d := range golds {
		in[i] = scored{name: d.Name, gold: d.Gold, pred: preds[d.Name]}
		if d.Gold != nil {
			in[i].goldLang = &d.Gold.Language
		}
		if in[i].pred != nil {
			in[i].predLang = &in[i].pred.Language
		}
	}
	return score(in)
}

// ScoreDirs is score.py's command line: it scores the predictions in predDir
// against the gold documents of goldDir (see Dir). The prediction of entry
// NAME.json is predDir/NAME.json and that of folder NAME is predDir/NAME.json;
// a missing prediction file has no rows.
func ScoreDirs(goldDir, predDir string) (Result, error) {
	entries, err := Dir(goldDir)
	if err != nil {
		return Result{}, err
	}
	in := make([]scored, len(entries))
	for i, e := range entries {
		s := scored{name: e.Name}
		if s.gold, s.goldLang, err = load(e.Path); err != nil {
			return Result{}, err
		}
		pp := filepath.Join(predDir, e.Name)
		if !strings.HasSuffix(e.Name, ".json") {
			pp += ".json"
		}
		if _, err := os.Stat(pp); err == nil {
			if s.pred, s.predLang, err = load(pp); err != nil {
				return Result{}, err
			}
		}
		in[i] = s
	}
	return score(in), nil
}

// cells is the number of cells of a row: its name and its non-empty fields.
func cells(r *subproc.Record) int {
	n := 1
	for _, f := range Fields {
		if !fieldOf(r, f).empty() {
			n++
		}
	}
	return n
}

func score(in []scored) Result {
	var gRows, pRows, mRows, gCells, pCells, okCells, langOK int
	fieldOK, fieldN := make([]int, len(Fields)), make([]int, len(Fields)) // indexed like Fields
	res := Result{Docs: len(in)}
	for _, d := range in {
		var G, P []subproc.Record
		if d.gold != nil {
			G = d.gold.Subprocessors
		}
		if d.pred != nil {
			P = d.pred.Subprocessors
		}
		M := match(G, P)
		if sameLang(d.predLang, d.goldLang) {
			langOK++
		}
		dr := DocResult{Name: d.name, PredLanguage: d.predLang, GoldLanguage: d.goldLang,
			MatchedRows: len(M), GoldRows: len(G), PredRows: len(P)}
		for i := range G {
			dr.GoldCells += cells(&G[i])
		}
		for j := range P {
			dr.PredCells += cells(&P[j])
		}
		for _, m := range M {
			g, p := &G[m[0]], &P[m[1]]
			dr.OKCells++
			for k, f := range Fields {
				gv := fieldOf(g, f)
				ok := same(f, gv, fieldOf(p, f))
				fieldN[k]++
				if ok {
					fieldOK[k]++
					if !gv.empty() {
						dr.OKCells++
					}
				}
			}
		}
		dr.CellP, dr.CellR = ratio(dr.OKCells, dr.PredCells), ratio(dr.OKCells, dr.GoldCells)
		dr.CellF1 = f1(dr.CellP, dr.CellR)
		res.PerDoc = append(res.PerDoc, dr)
		gRows += len(G)
		pRows += len(P)
		mRows += len(M)
		gCells += dr.GoldCells
		pCells += dr.PredCells
		okCells += dr.OKCells
	}
	res.LanguageAcc = float64(langOK) / float64(max(res.Docs, 1))
	res.RowP, res.RowR = ratio(mRows, pRows), ratio(mRows, gRows)
	res.RowF1 = f1(res.RowP, res.RowR)
	res.CellP, res.CellR = ratio(okCells, pCells), ratio(okCells, gCells)
	res.CellF1 = f1(res.CellP, res.CellR)
	res.Fields = make(map[subproc.Field]*float64, len(Fields))
	for k, f := range Fields {
		if fieldN[k] > 0 {
			v := float64(fieldOK[k]) / float64(fieldN[k])
			res.Fields[f] = &v
		} else {
			res.Fields[f] = nil
		}
	}
	return res
}

// sameLang is Python's == on two optional strings.
func sameLang(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// ratio is n/d, 0 when d is 0.
func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// f1 is score.py's f1: the harmonic mean of p and r, 0 when both are 0.
func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// pyStr is Python's str() of an optional string.
func pyStr(s *string) string {
	if s == nil {
		return "None"
	}
	return *s
}
