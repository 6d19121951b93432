package audit

import (
	"reflect"
	"testing"
	"time"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/store"
)

// rec returns a row named name at line, with its other fields from f.
func rec(name string, line int, f func(*subproc.Record)) subproc.Record {
	r := subproc.Record{Name: name, Prov: subproc.Provenance{LineStart: line, LineEnd: line, Layout: "table"}}
	if f != nil {
		f(&r)
	}
	return r
}

func TestNameKey(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"Example A/S", "EXAMPLE a.s."},
		{"Example A/S", "Example"},
		{"Amazon Web Services EMEA SARL", "Amazon Web Services EMEA S.à r.l."},
		{"Microsoft Ireland Operations Ltd", "Microsoft Ireland Operations Limited"},
		{"Zendesk, Inc.", "Zendesk Inc"},
	} {
		if ka, kb := NameKey(tt.a), NameKey(tt.b); ka != kb || ka == "" {
			t.Errorf("NameKey(%q) = %q, NameKey(%q) = %q; want equal", tt.a, ka, tt.b, kb)
		}
	}
	if NameKey("Example A/S") == NameKey("Sample A/S") {
		t.Error("different names have one key")
	}
}

func TestDiff(t *testing.T) {
	aws := func(r *subproc.Record) {
		r.Country, r.Location, r.LegalBasis = []string{"IE"}, []string{"EU"}, []string{"SCC"}
		r.Purpose = "Hosting."
	}
	old := []subproc.Record{
		rec("Amazon Web Services EMEA SARL", 10, aws),
		rec("Zendesk, Inc.", 11, func(r *subproc.Record) { r.Country = []string{"US"}; r.LegalBasis = []string{"SCC", "DPF"} }),
		rec("Spar Nord A/S", 12, func(r *subproc.Record) { r.Purpose = "Bank" }),
		rec("Gone ApS", 13, nil),
		rec("Twice AB", 14, func(r *subproc.Record) { r.Location = []string{"SE"} }),
		rec("Twice AB", 15, func(r *subproc.Record) { r.Location = []string{"DK"} }),
		rec("Old Name Ltd", 16, func(r *subproc.Record) { r.Aliases = []string{"Brand"} }),
	}
	new := []subproc.Record{
		// Moved, reworded: "S.à r.l." and a purpose in other case and spacing.
		rec("Amazon Web Services EMEA S.à r.l.", 20, func(r *subproc.Record) {
			aws(r)
			r.Name = "Amazon Web Services EMEA SARL"
			r.Purpose = "hosting"
		}),
		// A new location and a dropped legal basis.
		rec("Zendesk Inc", 21, func(r *subproc.Record) {
			r.Country, r.Location, r.LegalBasis = []string{"US"}, []string{"US"}, []string{"SCC"}
		}),
		rec("Spar Nord A/S", 22, func(r *subproc.Record) { r.Purpose = "Bank" }),
		rec("Twice AB", 23, func(r *subproc.Record) { r.Location = []string{"SE"} }),
		rec("Twice AB", 24, func(r *subproc.Record) { r.Location = []string{"NO"} }),
		rec("Brand Group Ltd", 25, func(r *subproc.Record) { r.Aliases = []string{"Brand"} }),
		rec("New GmbH", 26, nil),
	}
	c := Diff(old, new)
	if got := names(c.Added); !reflect.DeepEqual(got, []string{"New GmbH"}) {
		t.Errorf("added %v, want [New GmbH]", got)
	}
	if got := names(c.Removed); !reflect.DeepEqual(got, []string{"Gone ApS"}) {
		t.Errorf("removed %v, want [Gone ApS]", got)
	}
	type change struct {
		name  string
		match MatchKind
		f     []FieldChange
	}
	var got []change
	for _, rc := range c.Changed {
		got = append(got, change{rc.New.Name, rc.Match, rc.Fields})
	}
	want := []change{
		{"Zendesk Inc", MatchName, []FieldChange{
			{Field: subproc.FieldLegalBasis, Old: []string{"SCC", "DPF"}, New: []string{"SCC"}},
			{Field: subproc.FieldLocation, Old: nil, New: []string{"US"}},
		}},
		// The second "Twice AB" of each version meet: matched by order.
		{"Twice AB", MatchName, []FieldChange{{Field: subproc.FieldLocation, Old: []string{"DK"}, New: []string{"NO"}}}},
		{"Brand Group Ltd", MatchAlias, []FieldChange{{Field: subproc.FieldName, Old: []string{"Old Name Ltd"}, New: []string{"Brand Group Ltd"}}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changed:\n got %+v\nwant %+v", got, want)
	}
	if c.Same != 3 || c.Reworded() {
		t.Errorf("Same = %d, Reworded = %v; want 3, false", c.Same, c.Reworded())
	}

	// The same rows in another order and layout: wording only.
	re := Diff(old, []subproc.Record{old[6], old[0], old[1], old[2], old[3], old[4], old[5]})
	if !re.Reworded() || re.Same != len(old) {
		t.Errorf("reordered rows: %+v, want reworded", re)
	}
}

func TestDiffRegNo(t *testing.T) {
	old := []subproc.Record{rec("Foo ApS", 1, func(r *subproc.Record) { r.RegNo = "DK12345678" })}
	new := []subproc.Record{rec("Bar ApS", 1, func(r *subproc.Record) { r.RegNo = "DK 1234 5678" })}
	c := Diff(old, new)
	if len(c.Changed) != 1 || c.Changed[0].Match != MatchRegNo || len(c.Changed[0].Fields) != 1 {
		t.Errorf("renamed company with the same number: %+v, want one name change matched by reg_no", c)
	}
}

func TestChanges(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	a := []subproc.Record{rec("A ApS", 1, nil)}
	ab := []subproc.Record{rec("A ApS", 1, nil), rec("B ApS", 2, nil)}
	h := store.History{Path: "/x.txt", Versions: []store.Snapshot{
		{Version: 1, Status: subproc.StatusOK, ModTime: day(1), Records: a, Publisher: "X"},
		{Version: 2, Status: subproc.StatusFailed, IngestedAt: day(2)},
		{Version: 3, Status: subproc.StatusOK, ModTime: day(3), Records: ab},
		{Version: 4, Status: subproc.StatusOK, IngestedAt: day(4), Records: ab},
	}}
	cs := Changes(h)
	if len(cs) != 2 {
		t.Fatalf("%d changes, want 2 (1 -> 3, 3 -> 4)", len(cs))
	}
	if c := cs[0]; c.From.Version != 1 || c.To.Version != 3 || !reflect.DeepEqual(c.Skipped, []int{2}) ||
		len(c.Added) != 1 || c.Publisher != "X" || !c.To.Date.Equal(day(3)) {
		t.Errorf("first change: %+v", c)
	}
	if c := cs[1]; !c.Reworded() || !c.To.Date.Equal(day(4)) {
		t.Errorf("second change: %+v, want reworded, dated by ingest", c)
	}
	if got := Changes(store.History{Versions: h.Versions[:1]}); len(got) != 0 {
		t.Errorf("one version: %d changes", len(got))
	}
}

func names(rs []subproc.Record) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name)
	}
	return out
}
