package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// A Danish sub-processor list in three versions, for changes and audit.
const (
	listHead = "Databehandleraftale\n\nBilag B: Underdatabehandlere\n\n" +
		"Databehandleren underretter den dataansvarlige skriftligt om påtænkte ændringer vedrørende underdatabehandlere med mindst 30 dages varsel.\n\n" +
		"Navn\tCVR-nr.\tAdresse\tBeskrivelse af behandling\tLokation\tOverførselsgrundlag\n"
	rowAWS     = "Amazon Web Services EMEA SARL\tB186284\t38 Avenue John F. Kennedy, L-1855 Luxembourg\tHosting\tEU\t\n"
	rowZendesk = "Zendesk, Inc.\t\t989 Market Street, San Francisco, CA 94103, USA\tKundesupport\tUSA\tStandardkontraktbestemmelser og EU-US Data Privacy Framework\n"
	rowSpar    = "Spar Nord Bank A/S\t13737584\tSkelagervej 15, 9000 Aalborg\tBank\tDanmark\t\n"
	rowGone    = "Gone ApS\t12345678\tVej 1, 2100 København Ø\tRevision\tDanmark\t\n"

	// Version 2: Gone ApS removed, Mailgun added, AWS also in the US under
	// the DPF and written "S.à r.l.", Zendesk without the DPF.
	rowAWS2     = "Amazon Web Services EMEA S.à r.l.\tB186284\t38 Avenue John F. Kennedy, L-1855 Luxembourg\tHosting\tEU, USA\tEU-US Data Privacy Framework\n"
	rowZendesk2 = "Zendesk Inc\t\t989 Market Street, San Francisco, CA 94103, USA\tKundesupport\tUSA\tStandardkontraktbestemmelser\n"
	rowMailgun  = "Mailgun Technologies, Inc.\t\t112 E Pecan St, San Antonio, TX 78205, USA\tE-mail\tUSA\tStandardkontraktbestemmelser\n"

	listV1 = listHead + rowAWS + rowZendesk + rowSpar + rowGone
	listV2 = listHead + rowAWS2 + rowZendesk2 + rowSpar + rowMailgun
	// Version 3: other words, and the rows in another order: wording only.
	listV3 = "Databehandleraftale (revideret)\n\nBilag B: Underdatabehandlere\n\n" +
		"Den dataansvarlige underrettes skriftligt om påtænkte ændringer vedrørende underdatabehandlere med mindst 30 dages varsel.\n\n" +
		"Navn\tCVR-nr.\tAdresse\tBeskrivelse af behandling\tLokation\tOverførselsgrundlag\n" +
		rowSpar + rowMailgun + rowAWS2 + rowZendesk2
)

// writeVersion writes text to path with the modification time mtime and
// ingests it into dir's subproc.db.
func writeVersion(t testing.TB, dir, path, text string, mtime time.Time) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, 0, "ingest", "--quiet", path)
}

// versionedDB ingests the three versions of the list (and one document of
// one version) into a new database and returns its folder and the list's path.
func versionedDB(t testing.TB) (dir, list string) {
	t.Helper()
	dir = t.TempDir()
	list = filepath.Join(dir, "vendor.txt")
	day := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	writeVersion(t, dir, list, listV1, day)
	writeVersion(t, dir, list, listV2, day.AddDate(0, 0, 4))
	writeVersion(t, dir, list, listV3, day.AddDate(0, 0, 40))
	copyFile(t, seed(t, "001"), filepath.Join(dir, "single.txt"))
	mustRun(t, dir, 0, "ingest", "--quiet", filepath.Join(dir, "single.txt"))
	return dir, list
}

func TestChanges(t *testing.T) {
	t.Parallel()
	dir, list := versionedDB(t)

	t.Run("text", func(t *testing.T) {
		res := mustRun(t, dir, 0, "changes")
		want := `vendor.txt
  version 1 -> 2 (2024-03-01 -> 2024-03-05): 1 added, 1 removed, 2 changed, 1 unchanged
    + Mailgun Technologies, Inc. (line 11): country US; location US; legal_basis SCC; purpose E-mail
    - Gone ApS (line 11 of version 1)
    ~ Amazon Web Services EMEA S.à r.l. (line 8): legal_basis: (none) -> DPF; location: EU -> EU, US
    ~ Zendesk Inc (line 9): legal_basis: SCC, DPF -> SCC
  version 2 -> 3 (2024-03-05 -> 2024-04-10): wording or layout only, 4 rows equal after normalisation

2 changes: 1 with changed rows, 1 wording or layout only
`
		if res.stdout != want {
			t.Errorf("stdout:\n%s\nwant:\n%s", res.stdout, want)
		}
	})

	t.Run("json", func(t *testing.T) {
		res := mustRun(t, dir, 0, "changes", "--format", "json")
		var got []struct {
			Path      string
			From, To  struct{ Version int }
			Reworded  bool
			Unchanged int
			Added     []struct {
				LineStart int `json:"line_start"`
				Row       struct{ Name string }
			}
			Removed []struct{ Row struct{ Name string } }
			Changed []struct {
				Name, OldName, Match string
				Fields               []struct {
					Field    string
					Old, New []string
				}
			}
		}
		if err := json.Unmarshal([]byte(res.stdout), &got); err != nil {
			t.Fatalf("%v\n%s", err, res.stdout)
		}
		if len(got) != 2 || got[0].Path != list || got[0].From.Version != 1 || got[0].To.Version != 2 ||
			got[1].From.Version != 2 || got[1].To.Version != 3 {
			t.Fatalf("changes %+v, want 1 -> 2 and 2 -> 3 of %s", got, list)
		}
		c := got[0]
		if c.Reworded || c.Unchanged != 1 || len(c.Added) != 1 || c.Added[0].Row.Name != "Mailgun Technologies, Inc." ||
			c.Added[0].LineStart != 11 || len(c.Removed) != 1 || c.Removed[0].Row.Name != "Gone ApS" {
			t.Errorf("1 -> 2: %+v", c)
		}
		if len(c.Changed) != 2 || c.Changed[1].Name != "Zendesk Inc" || c.Changed[1].Match != "" && c.Changed[1].Match != "name" ||
			!reflect.DeepEqual(c.Changed[1].Fields[0].Old, []string{"SCC", "DPF"}) ||
			!reflect.DeepEqual(c.Changed[1].Fields[0].New, []string{"SCC"}) {
			t.Errorf("1 -> 2 changed rows: %+v", c.Changed)
		}
		if !got[1].Reworded || got[1].Unchanged != 4 || len(got[1].Added)+len(got[1].Removed)+len(got[1].Changed) != 0 {
			t.Errorf("2 -> 3: %+v, want wording only", got[1])
		}
	})

	t.Run("csv", func(t *testing.T) {
		res := mustRun(t, dir, 0, "changes", "--format", "csv")
		if !strings.Contains(res.stdout, "\r\n") {
			t.Error("CSV lines do not end in CRLF")
		}
		recs, err := csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(recs[0], changeColumns) {
			t.Errorf("header %v", recs[0])
		}
		var got []string
		for _, r := range recs[1:] {
			got = append(got, strings.Join([]string{r[3], r[6], r[7], r[10], r[11], r[12]}, "|"))
		}
		want := []string{
			"2|added|Mailgun Technologies, Inc.|||",
			"2|removed|Gone ApS|||",
			"2|changed|Amazon Web Services EMEA S.à r.l.|legal_basis||DPF",
			"2|changed|Amazon Web Services EMEA S.à r.l.|location|EU|EU; US",
			"2|changed|Zendesk Inc|legal_basis|SCC; DPF|SCC",
			"3|reworded||||",
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("CSV rows (to_version|change|name|field|old|new):\n%s\nwant:\n%s",
				strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("filters", func(t *testing.T) {
		for _, tt := range []struct {
			args []string
			want string
		}{
			{[]string{"--since", "2024-03-06"}, "1 change: 0 with changed rows, 1 wording or layout only"},
			{[]string{"--since", "2024-03-05T00:00:00Z"}, "2 changes"},
			{[]string{"--since", "2030-01-01"}, "no changes in the 1 document with more than one version"},
			{[]string{"--publisher", "no such publisher"}, "no changes: no document has more than one version"},
		} {
			res := mustRun(t, dir, 0, append([]string{"changes"}, tt.args...)...)
			if !strings.Contains(res.stdout, tt.want) {
				t.Errorf("changes %s:\n%s\nwant %q", strings.Join(tt.args, " "), res.stdout, tt.want)
			}
		}
	})

	t.Run("errors", func(t *testing.T) {
		for _, tt := range []struct {
			args   []string
			stderr string
		}{
			{[]string{"changes", "--format", "xml"}, "--format must be text, json or csv"},
			{[]string{"changes", "--since", "last week"}, "--since"},
			{[]string{"changes", "extra"}, "unexpected argument"},
			{[]string{"changes", "--db", "missing.db"}, "missing.db"},
		} {
			res := run(t, dir, tt.args...)
			if res.code != 1 || !strings.Contains(res.stderr, tt.stderr) {
				t.Errorf("subproc %s: exit %d, stderr %q; want 1 and %q", strings.Join(tt.args, " "), res.code, res.stderr, tt.stderr)
			}
		}
		if res := mustRun(t, dir, 0, "changes", "--help"); !strings.Contains(res.stdout, "Exit codes:") {
			t.Errorf("--help: %s", res.stdout)
		}
	})
}

func TestTextChange(t *testing.T) {
	long := "Vi bruker Amazon til sikkerhetskopiering av vår software og lagrede data på kundens årshjul."
	for _, tt := range []struct{ old, new, wantOld, wantNew string }{
		{"Hosting", "Hosting  og drift", "Hosting", "Hosting og drift"},
		{long + " Data lagres i EU", long + " Data lagres i EU og USA", "…lagres i EU", "…lagres i EU og USA"},
		{"Data lagres i EU. " + long, "Data lagres i USA. " + long, "Data lagres i EU. Vi bruker Amazon…", "Data lagres i USA. Vi bruker Amazon…"},
	} {
		gotOld, gotNew := textChange(tt.old, tt.new)
		if gotOld != tt.wantOld || gotNew != tt.wantNew {
			t.Errorf("textChange:\n got %q -> %q\nwant %q -> %q", gotOld, gotNew, tt.wantOld, tt.wantNew)
		}
	}
}
