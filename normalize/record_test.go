package normalize

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/rules"
)

// seedDoc is one file of testdata/seeds: the raw rows of a seed document as an
// extractor hands them over, and the gold rows they must normalise to.
type seedDoc struct {
	Document string `json:"document"`
	Language string `json:"language"`
	Rows     []struct {
		Raw  subproc.RawRecord `json:"raw"`
		Want json.RawMessage   `json:"want"`
	} `json:"rows"`
}

func loadSeeds(tb testing.TB) []seedDoc {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "seeds", "*.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no seed fixtures: %v", err)
	}
	var docs []seedDoc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var d seedDoc
		if err := json.Unmarshal(b, &d); err != nil {
			tb.Fatalf("read %s: %v", f, err)
		}
		docs = append(docs, d)
	}
	return docs
}

// TestRecordSeeds normalises the raw rows of the seed documents and compares
// every field with the gold extraction.
func TestRecordSeeds(t *testing.T) {
	for _, d := range loadSeeds(t) {
		rs := rules.MustFor(d.Language)
		for i, row := range d.Rows {
			got := Record(row.Raw, rs)
			var gotFields, wantFields map[string]any
			b, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &gotFields); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(row.Want, &wantFields); err != nil {
				t.Fatal(err)
			}
			for _, f := range subproc.Fields {
				if g, w := gotFields[string(f)], wantFields[string(f)]; !reflect.DeepEqual(g, w) {
					t.Errorf("%s row %d (%s): %s = %#v, want %#v", d.Document, i, row.Raw.Name, f, g, w)
				}
			}
			if !reflect.DeepEqual(got.Raw, row.Raw) {
				t.Errorf("%s row %d: Raw not kept", d.Document, i)
			}
		}
	}
}

func TestRecordRegNoValid(t *testing.T) {
	sv := rules.MustFor("sv")
	tests := []struct {
		regNo string
		want  *bool
	}{
		{"Org.nr: 556633-6169", boolPtr(true)},
		{"Org.nr: 556633-6168", boolPtr(false)},
		{"538158", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got := Record(subproc.RawRecord{Name: "X", RegNo: tt.regNo}, sv).RegNoValid
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Record(RegNo %q).RegNoValid = %v, want %v", tt.regNo, deref(got), deref(tt.want))
		}
	}
}

func TestRecordCountryFallsBackToAddress(t *testing.T) {
	nb := rules.MustFor("nb")
	tests := []struct {
		name string
		raw  subproc.RawRecord
		want []string
	}{
		{"country cell wins", subproc.RawRecord{Country: "Irland", Address: "L-1855 Luxembourg"}, []string{"IE"}},
		{"no cell", subproc.RawRecord{Address: "L-1855 Luxembourg"}, []string{"LU"}},
		{"cell without a country", subproc.RawRecord{Country: "-", Address: "Dublin 2, Ireland"}, []string{"IE"}},
		{"reg.nr prefix", subproc.RawRecord{RegNo: "LU26888617"}, []string{"LU"}},
		{"nothing", subproc.RawRecord{Name: "X"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Record(tt.raw, nb).Country; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Country = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRecordNilRules(t *testing.T) {
	got := Record(subproc.RawRecord{Name: "Foo (Bar)", Country: "Tyskland", Location: "EU", LegalBasis: "SCC"}, nil)
	if got.Name != "Foo" || !reflect.DeepEqual(got.Country, []string{"DE"}) || !reflect.DeepEqual(got.Location, []string{"EU"}) ||
		!reflect.DeepEqual(got.LegalBasis, []string{"SCC"}) {
		t.Errorf("Record with nil rules = %+v", got)
	}
}

func deref(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
