package gold

import (
	"bytes"
	"testing"

	"github.com/subproc/subproc"
)

func TestPyFloat(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{ // Python's json.dumps of each
		{1, "1.0"}, {0, "0.0"}, {1.0 / 3, "0.3333333333333333"}, {2.0 / 3, "0.6666666666666666"},
		{1e-05, "1e-05"}, {0.0001, "0.0001"}, {5e-05, "5e-05"}, {1e16, "1e+16"},
		{123456789012345.6, "123456789012345.6"}, {0.30000000000000004, "0.30000000000000004"}, {3e-07, "3e-07"},
	} {
		if got := pyFloat(c.in); got != c.want {
			t.Errorf("pyFloat(%v) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestWrite(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	nb := "nb"
	r := Result{
		Docs: 2, LanguageAcc: 0.125, RowP: 0.375, RowR: 0.625, RowF1: 0.005,
		CellP: 0.015, CellR: 2.0 / 3, CellF1: 0.0625,
		Fields: map[subproc.Field]*float64{subproc.FieldAliases: f(1), subproc.FieldRegNo: nil,
			subproc.FieldPurpose: f(0.5), subproc.FieldDataCategories: f(0)},
		PerDoc: []DocResult{
			{Name: "000_c234178dc665bf97.txt.json", PredLanguage: nil, GoldLanguage: &nb, GoldRows: 3, GoldCells: 22},
			{Name: "a-name-longer-than-forty-five-characters-øæå.txt.json", PredLanguage: &nb, GoldLanguage: &nb,
				MatchedRows: 1, GoldRows: 2, PredRows: 4, OKCells: 5, GoldCells: 9},
		},
	}
	// Python rounds the exact binary value half to even: 0.125 is 0.12, 0.015 is 0.01.
	want := "000_c234178dc665bf97.txt.json                 lang None/nb   rows 0/3 (pred 0) cells 0/22\n" +
		"a-name-longer-than-forty-five-characters-øæå.txt.json lang nb  /nb   rows 1/2 (pred 4) cells 5/9\n" +
		"fields on matched rows: aliases=1.00 purpose=0.50 data_categories=0.00\n" +
		"docs=2 language=0.12 rows P/R/F1=0.38/0.62/0.01 cells P/R/F1=0.01/0.67/0.062\n"
	var b bytes.Buffer
	if err := r.Write(&b, true); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != want {
		t.Errorf("Write:\n%s\nwant:\n%s", got, want)
	}

	b.Reset()
	if err := (Result{}).Write(&b, false); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "fields on matched rows: \n"+
		"docs=0 language=0.00 rows P/R/F1=0.00/0.00/0.00 cells P/R/F1=0.00/0.00/0.000\n"; got != want {
		t.Errorf("Write of nothing:\n%q\nwant:\n%q", got, want)
	}
}

func TestWriteJSON(t *testing.T) {
	half := 0.5
	r := Result{Docs: 3, LanguageAcc: 2.0 / 3, RowP: 1, CellF1: 1e-05,
		Fields: map[subproc.Field]*float64{subproc.FieldCountry: &half}}
	want := `{
  "docs": 3,
  "language_acc": 0.6666666666666666,
  "row_p": 1.0,
  "row_r": 0.0,
  "row_f1": 0.0,
  "cell_p": 0.0,
  "cell_r": 0.0,
  "cell_f1": 1e-05,
  "fields": {
    "aliases": null,
    "reg_no": null,
    "address": null,
    "country": 0.5,
    "purpose": null,
    "legal_basis": null,
    "location": null,
    "data_categories": null
  }
}
`
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != want {
		t.Errorf("WriteJSON:\n%s\nwant:\n%s", got, want)
	}
}

func TestScoreNoRows(t *testing.T) {
	golds := []Doc{{Name: "a.json", Gold: &subproc.Extraction{Language: "en"}}}
	r := Score(golds, map[string]*subproc.Extraction{"a.json": {Language: "en"}})
	if r.Docs != 1 || r.LanguageAcc != 1 || r.RowF1 != 0 || r.CellF1 != 0 {
		t.Errorf("Score = %+v", r)
	}
	for _, f := range Fields {
		if v, ok := r.Fields[f]; !ok || v != nil {
			t.Errorf("Fields[%s] = %v, %v; want nil, true", f, v, ok)
		}
	}
	if r := Score(golds, nil); r.LanguageAcc != 0 || r.PerDoc[0].PredLanguage != nil {
		t.Errorf("Score without prediction: language %v, pred language %v", r.LanguageAcc, r.PerDoc[0].PredLanguage)
	}
}
