package audit

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/store"
)

// full returns a row that no row rule fires on: a Danish company processing
// in the EU, with a purpose and a valid registration number.
func full(name string, line int) subproc.Record {
	valid := true
	return rec(name, line, func(r *subproc.Record) {
		r.Country, r.Location, r.Purpose = []string{"DK"}, []string{"EU"}, "Hosting"
		r.RegNo, r.RegNoValid = "12345678", &valid
	})
}

// one source, one version, the given rows.
func oneVersion(rows ...subproc.Record) []store.History {
	return []store.History{{Path: "/docs/a.txt", Versions: []store.Snapshot{
		{Version: 1, Status: subproc.StatusOK, Records: rows}}}}
}

func TestRowRules(t *testing.T) {
	invalid := false
	with := func(f func(*subproc.Record)) subproc.Record {
		r := full("Example A/S", 7)
		f(&r)
		return r
	}
	tests := []struct {
		rule     string
		fires    subproc.Record
		evidence string // part of the evidence
		quiet    []subproc.Record
	}{
		{"transfer-no-mechanism",
			with(func(r *subproc.Record) { r.Location, r.Raw.Location = []string{"US", "EU"}, "USA og EU" }),
			`processed in US (from the location "USA og EU")`,
			[]subproc.Record{
				with(func(r *subproc.Record) { r.Location, r.LegalBasis = []string{"US"}, []string{"SCC"} }),
				with(func(r *subproc.Record) { r.Location = []string{"CH", "GB", "NO"} }),                // EEA and adequacy
				with(func(r *subproc.Record) { r.Country, r.Location = []string{"US"}, []string{"EU"} }), // location wins
			}},
		{"transfer-no-mechanism",
			with(func(r *subproc.Record) { r.Country, r.Location = []string{"IN"}, nil }),
			"processed in IN (from a country read from the row's address or number)", nil},
		{"transfer-no-mechanism",
			with(func(r *subproc.Record) { r.Location = []string{"WORLD"} }),
			"processed in WORLD", nil},
		{"privacy-shield-only",
			with(func(r *subproc.Record) {
				r.Country, r.LegalBasis, r.Raw.LegalBasis = []string{"US"}, []string{"privacy_shield"}, "EU-US Privacy Shield"
			}),
			`legal basis privacy_shield "EU-US Privacy Shield"`,
			[]subproc.Record{with(func(r *subproc.Record) { r.LegalBasis = []string{"SCC", "privacy_shield"} })}},
		{"privacy-shield-only", // the basis read from the purpose text
			with(func(r *subproc.Record) {
				r.LegalBasis = []string{"privacy_shield"}
				r.Raw.Purpose = "Support. Data lagres i USA, og Intercom er Privacy Shield-sertifisert og kontraktuelt forpliktet til å informere om enhver endring."
			}),
			`(in the text: "… lagres i USA, og Intercom er Privacy Shield-sertifisert og kontraktuelt f…")`, nil},
		{"privacy-shield-mentioned",
			with(func(r *subproc.Record) { r.LegalBasis = []string{"SCC", "privacy_shield"} }),
			"legal basis SCC, privacy_shield",
			[]subproc.Record{with(func(r *subproc.Record) { r.LegalBasis = []string{"privacy_shield"} })}},
		{"dpf-verify-certification",
			with(func(r *subproc.Record) { r.Country, r.LegalBasis = []string{"US"}, []string{"DPF", "SCC"} }),
			"country US; legal basis DPF, SCC",
			[]subproc.Record{
				with(func(r *subproc.Record) { r.Country, r.LegalBasis = []string{"US"}, []string{"SCC"} }),
				with(func(r *subproc.Record) { r.Country, r.LegalBasis = []string{"IE"}, []string{"DPF"} }),
			}},
		{"dpf-verify-certification",
			with(func(r *subproc.Record) { r.Location, r.LegalBasis = []string{"US"}, []string{"DPF"} }),
			"location US", nil},
		{"reg-no-check-digit",
			with(func(r *subproc.Record) { r.RegNo, r.Raw.RegNo, r.RegNoValid = "12345679", "CVR 12345679", &invalid }),
			`registration number 12345679 "CVR 12345679"`,
			[]subproc.Record{with(func(r *subproc.Record) { r.RegNoValid = nil })}}, // no validator
		{"no-country",
			with(func(r *subproc.Record) { r.Country, r.Address = nil, "Main Street 1" }),
			`no country; address "Main Street 1"`, nil},
		{"no-purpose",
			with(func(r *subproc.Record) { r.Purpose = "" }),
			"no purpose", nil},
	}
	s := Default()
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			fs, err := s.Audit(context.Background(), Input{Sources: oneVersion(tt.fires)})
			if err != nil {
				t.Fatal(err)
			}
			f := only(fs, tt.rule)
			if f == nil {
				t.Fatalf("%s does not fire on %+v; findings %v", tt.rule, tt.fires, ids(fs))
			}
			if f.Path != "/docs/a.txt" || f.Version != 1 || f.Line != 7 || f.Name != tt.fires.Name ||
				!strings.Contains(f.Evidence, tt.evidence) {
				t.Errorf("finding %+v, want /docs/a.txt version 1 line 7 with evidence %q", f, tt.evidence)
			}
			for _, q := range append(tt.quiet, full("Example A/S", 7)) {
				fs, err := s.Audit(context.Background(), Input{Sources: oneVersion(q)})
				if err != nil {
					t.Fatal(err)
				}
				if f := only(fs, tt.rule); f != nil {
					t.Errorf("%s fires on %+v: %s", tt.rule, q, f.Evidence)
				}
			}
		})
	}
}

func TestAuditNewestVersionOnly(t *testing.T) {
	old := rec("Old Inc", 3, func(r *subproc.Record) { r.LegalBasis = []string{"privacy_shield"} })
	h := []store.History{{Path: "/a.txt", Versions: []store.Snapshot{
		{Version: 1, Status: subproc.StatusOK, Records: []subproc.Record{old}},
		{Version: 2, Status: subproc.StatusOK, Records: []subproc.Record{full("New A/S", 3)}},
	}}}
	fs, err := Default().Audit(context.Background(), Input{Sources: h})
	if err != nil || len(fs) != 0 {
		t.Errorf("findings %v, %v; want none: version 1 is history", ids(fs), err)
	}
}

// texts is a TextSource over texts by document id.
type texts map[int64]string

func (m texts) Text(ctx context.Context, path string, v store.Snapshot) (string, bool, error) {
	t, ok := m[v.DocumentID]
	return t, ok, nil
}

func TestChangeWithinNotice(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 3, d, 9, 0, 0, 0, time.UTC) }
	const promise = "Vi varsler kundene minst 30 dager før vi tar i bruk en ny underdatabehandler."
	history := func(second time.Time) []store.History {
		return []store.History{{Path: "/a.txt", Versions: []store.Snapshot{
			{Version: 1, DocumentID: 1, Status: subproc.StatusOK, ModTime: day(1),
				Records: []subproc.Record{full("A AS", 5)}},
			{Version: 2, DocumentID: 2, Status: subproc.StatusOK, ModTime: second,
				Records: []subproc.Record{full("A AS", 5), full("B AS", 6)}},
		}}}
	}
	s := Default()
	tests := []struct {
		name   string
		second time.Time
		text   texts
		fires  bool
	}{
		{"added 4 days later, 30 days promised", day(5), texts{2: "Liste\n" + promise}, true},
		{"added 31 days later", day(1).AddDate(0, 0, 31), texts{2: promise}, false},
		{"no notice stated", day(5), texts{2: "Liste over underdatabehandlere."}, false},
		{"text not available", day(5), texts{}, false},
		{"dates out of order", day(1).AddDate(0, 0, -2), texts{2: promise}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, err := s.Audit(context.Background(), Input{Sources: history(tt.second), Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			f := only(fs, "change-within-notice")
			if (f != nil) != tt.fires {
				t.Fatalf("change-within-notice fired: %v, want %v (findings %v)", f != nil, tt.fires, ids(fs))
			}
			if f == nil {
				return
			}
			want := `added in version 2, 4 days after version 1 (2024-03-01 -> 2024-03-05); line 2 promises 30 days' notice: "30 dager før"`
			if f.Name != "B AS" || f.Line != 6 || f.Version != 2 || f.Evidence != want {
				t.Errorf("finding %+v\nwant B AS line 6 version 2, evidence %s", *f, want)
			}
		})
	}
	// No TextSource and no stored notice: the pair is not judged.
	if fs, _ := s.Audit(context.Background(), Input{Sources: history(day(5))}); only(fs, "change-within-notice") != nil {
		t.Error("change-within-notice fired without a notice period")
	}
	// The notice stored at ingest counts, and is preferred to the text.
	h := history(day(5))
	h[0].Versions[1].Notice = &Notice{Days: 7, Line: 40, Phrase: "7 dagers varsel"}
	fs, _ := s.Audit(context.Background(), Input{Sources: h, Text: texts{2: "nothing"}})
	if f := only(fs, "change-within-notice"); f == nil || !strings.Contains(f.Evidence, `line 40 promises 7 days' notice: "7 dagers varsel"`) {
		t.Errorf("stored notice: finding %+v", f)
	}
	h[0].Versions[1].Notice = &Notice{} // read at ingest: none stated
	fs, _ = s.Audit(context.Background(), Input{Sources: h, Text: texts{2: promise}})
	if f := only(fs, "change-within-notice"); f != nil {
		t.Errorf("stored notice of 0 days: finding %+v", f)
	}
}

func TestStoredNotice(t *testing.T) {
	if n := StoredNotice(" \n"); n != nil {
		t.Errorf("StoredNotice(no text) = %+v, want nil", n)
	}
	if n := StoredNotice("Liste over underdatabehandlere."); n == nil || n.Days != 0 {
		t.Errorf("StoredNotice(no period) = %+v, want Days 0", n)
	}
	if n := StoredNotice("x\nNye underleverandørar vert varsla minst 30 dagar før dei vert tekne i bruk."); n == nil || n.Days != 30 || n.Line != 2 {
		t.Errorf("StoredNotice = %+v, want 30 days on line 2", n)
	}
}

func TestSortAndCount(t *testing.T) {
	r := rec("Bare Inc", 9, func(r *subproc.Record) { r.Country = []string{"US"} })
	fs, err := Default().Audit(context.Background(), Input{Sources: oneVersion(full("A A/S", 2), r)})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(ids(fs), " ")
	if want := "transfer-no-mechanism no-purpose"; got != want {
		t.Errorf("findings %s, want %s (highest severity first)", got, want)
	}
	if n := Count(fs); n[High] != 1 || n[Low] != 1 || AtLeast(fs, Medium) != 1 || AtLeast(fs, Info) != 2 {
		t.Errorf("Count %v, AtLeast(medium) %d", n, AtLeast(fs, Medium))
	}
}

func only(fs []Finding, id string) *Finding {
	for i := range fs {
		if fs[i].Rule.ID == id {
			return &fs[i]
		}
	}
	return nil
}

func ids(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule.ID)
	}
	return out
}
