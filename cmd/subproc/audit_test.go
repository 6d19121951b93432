package main

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// Rows that make each row rule fire, and a list promising 30 days' notice.
const (
	auditHead = "Databehandleraftale\n\nBilag B: Underdatabehandlere\n\n" +
		"Databehandleren underretter den dataansvarlige skriftligt om påtænkte ændringer vedrørende underdatabehandlere med mindst 30 dages varsel.\n\n" +
		"Navn\tCVR-nr.\tAdresse\tBeskrivelse af behandling\tLokation\tOverførselsgrundlag\n"
	auditRows = "Amazon Web Services EMEA SARL\tB186284\t38 Avenue John F. Kennedy, L-1855 Luxembourg\tHosting\tEU, USA\tEU-US Data Privacy Framework\n" +
		"Zendesk, Inc.\t\t989 Market Street, San Francisco, CA 94103, USA\tKundesupport\tUSA\t\n" +
		"Old Mail Inc.\t\t1 Main Street, Boston, MA 02110, USA\tE-mail\tUSA\tPrivacy Shield\n" +
		"Gone ApS\t12345678\tVej 1, 2100 København Ø\tRevision\tDanmark\t\n" +
		"Nameless Tool\t\t\tAnalyse\tEU\t\n" +
		"Spar Nord Bank A/S\t13737584\tSkelagervej 15, 9000 Aalborg\t\tDanmark\t\n"
	rowTwilio = "Twilio Inc.\t\t101 Spear Street, San Francisco, CA 94105, USA\tSMS\tUSA\tStandardkontraktbestemmelser og Privacy Shield\n"
	cleanRow  = "Spar Nord Bank A/S\t13737584\tSkelagervej 15, 9000 Aalborg\tBank\tDanmark\t\n"
	cleanRow2 = "Visma e-conomic A/S\t29403473\tLangebrogade 1, 1411 København K\tBogføring\tDanmark\t\n"
)

type findingOut struct {
	Rule        string
	Severity    string
	Explanation string
	Source      string
	SourceDate  string `json:"source_date"`
	Path        string
	Version     int
	LineStart   int `json:"line_start"`
	Name        string
	Evidence    string
}

func auditJSON(t testing.TB, dir string, args ...string) []findingOut {
	t.Helper()
	res := mustRun(t, dir, 0, append([]string{"audit", "--format", "json"}, args...)...)
	var fs []findingOut
	if err := json.Unmarshal([]byte(res.stdout), &fs); err != nil {
		t.Fatalf("%v\n%s", err, res.stdout)
	}
	return fs
}

func ruleNames(fs []findingOut) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+" "+f.Name)
	}
	slices.Sort(out)
	return out
}

func TestAudit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	list := filepath.Join(dir, "dpa.txt")
	day := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	writeVersion(t, dir, list, auditHead+auditRows, day)
	writeVersion(t, dir, list, auditHead+auditRows+rowTwilio, day.AddDate(0, 0, 1)) // 1 day later

	want := []string{
		"change-within-notice Twilio Inc.",
		"dpf-verify-certification Amazon Web Services EMEA SARL",
		"no-country Nameless Tool",
		"no-purpose Spar Nord Bank A/S",
		"privacy-shield-mentioned Twilio Inc.",
		"privacy-shield-only Old Mail Inc.",
		"reg-no-check-digit Gone ApS",
		"transfer-no-mechanism Zendesk, Inc.",
	}

	t.Run("json", func(t *testing.T) {
		fs := auditJSON(t, dir)
		if got := ruleNames(fs); !reflect.DeepEqual(got, want) {
			t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for _, f := range fs {
			if f.Path != list || f.Version != 2 || f.LineStart < 7 || f.Severity == "" || f.Explanation == "" ||
				f.Source == "" || f.SourceDate == "" || f.Evidence == "" {
				t.Errorf("finding without its evidence: %+v", f)
			}
			if f.Rule == "change-within-notice" && !strings.Contains(f.Evidence,
				`added in version 2, 1 day after version 1 (2024-05-01 -> 2024-05-02); line 5 promises 30 days' notice: "30 dages varsel"`) {
				t.Errorf("change-within-notice evidence: %s", f.Evidence)
			}
		}
	})

	t.Run("text", func(t *testing.T) {
		res := mustRun(t, dir, 0, "audit")
		for _, s := range []string{
			"dpa.txt, version 2\n",
			"  line 8    low     dpf-verify-certification  Amazon Web Services EMEA SARL\n" +
				"            a US recipient relies on the EU-US Data Privacy Framework: check that it is certified on dataprivacyframework.gov\n" +
				"            evidence: location US; legal basis DPF \"EU-US Data Privacy Framework\"\n",
			"  line 9    high    transfer-no-mechanism  Zendesk, Inc.\n",
			"8 findings in 1 of 1 document: 2 high, 1 medium, 5 low, 0 info\n",
		} {
			if !strings.Contains(res.stdout, s) {
				t.Errorf("stdout has no %q:\n%s", s, res.stdout)
			}
		}
	})

	t.Run("csv", func(t *testing.T) {
		res := mustRun(t, dir, 0, "audit", "--format", "csv")
		recs, err := csv.NewReader(strings.NewReader(res.stdout)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(recs[0], findingColumns) || len(recs) != 1+len(want) {
			t.Fatalf("CSV header %v and %d rows, want %v and %d", recs[0], len(recs)-1, findingColumns, len(want))
		}
		var got []string
		for _, r := range recs[1:] {
			got = append(got, r[0]+" "+r[10])
		}
		slices.Sort(got)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("CSV findings %v", got)
		}
	})

	t.Run("fail-on", func(t *testing.T) {
		for _, tt := range []struct {
			sev    string
			code   int
			stderr string
		}{
			{"high", 4, "2 findings of severity high or higher (--fail-on high)"},
			{"MEDIUM", 4, "3 findings of severity medium or higher"},
			{"info", 4, "8 findings of severity info or higher"},
			{"critical", 1, `unknown severity "critical"`},
		} {
			res := run(t, dir, "audit", "--fail-on", tt.sev, "--format", "json")
			if res.code != tt.code || !strings.Contains(res.stderr, tt.stderr) {
				t.Errorf("--fail-on %s: exit %d, stderr %q; want %d and %q", tt.sev, res.code, res.stderr, tt.code, tt.stderr)
			}
			if tt.code == 4 && !strings.Contains(res.stdout, `"rule": "transfer-no-mechanism"`) {
				t.Errorf("--fail-on %s: the findings were not printed:\n%s", tt.sev, res.stdout)
			}
		}
	})

	// A database written before notice periods were stored: the version's
	// text is read again from its file while the file has its content.
	t.Run("notice from the file", func(t *testing.T) {
		db, err := sql.Open("sqlite3", filepath.Join(dir, "subproc.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(`DELETE FROM document_notices`); err != nil {
			t.Fatal(err)
		}
		if got := ruleNames(auditJSON(t, dir)); !slices.Contains(got, "change-within-notice Twilio Inc.") {
			t.Errorf("change-within-notice did not fire from the file: %v", got)
		}
		if err := os.WriteFile(list, []byte(auditHead+rowTwilio), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := ruleNames(auditJSON(t, dir)); slices.Contains(got, "change-within-notice Twilio Inc.") {
			t.Errorf("change-within-notice fired though the file changed since: %v", got)
		}
	})
}

func TestAuditClean(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	list := filepath.Join(dir, "dpa.txt")
	day := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	writeVersion(t, dir, list, auditHead+cleanRow, day)
	// A row added 60 days later, after the 30 days' notice.
	writeVersion(t, dir, list, auditHead+cleanRow+cleanRow2, day.AddDate(0, 0, 60))
	res := mustRun(t, dir, 0, "audit", "--fail-on", "info")
	if res.stdout != "no findings in 1 document\n" {
		t.Errorf("stdout %q", res.stdout)
	}
	if fs := auditJSON(t, dir); len(fs) != 0 {
		t.Errorf("findings %v", ruleNames(fs))
	}

	empty := t.TempDir()
	os.Mkdir(filepath.Join(empty, "docs"), 0o755)
	mustRun(t, empty, 0, "ingest", "--quiet", "docs") // creates the database
	if res := mustRun(t, empty, 0, "audit"); res.stdout != "no findings: the database has no documents\n" {
		t.Errorf("empty database: %q", res.stdout)
	}
}

func TestAuditRulesAndErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	res := mustRun(t, dir, 0, "audit", "--rules")
	for _, s := range []string{"privacy-shield-only (high)", "C-311/18", "2020-07-16", "2023/1795", "2023-07-10", "change-within-notice (medium)"} {
		if !strings.Contains(res.stdout, s) {
			t.Errorf("--rules has no %q:\n%s", s, res.stdout)
		}
	}
	var rules []struct{ ID, Severity, Explanation, Source, Date string }
	res = mustRun(t, dir, 0, "audit", "--rules", "--format", "json")
	if err := json.Unmarshal([]byte(res.stdout), &rules); err != nil || len(rules) != 8 {
		t.Errorf("--rules --format json: %d rules, %v", len(rules), err)
	}
	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"audit", "--format", "xml"}, 1, "--format must be text, json or csv"},
		{[]string{"audit", "extra"}, 1, "unexpected argument"},
		{[]string{"audit", "--db", "missing.db"}, 1, "missing.db"},
	} {
		res := run(t, dir, tt.args...)
		if res.code != tt.code || !strings.Contains(res.stderr, tt.stderr) {
			t.Errorf("subproc %s: exit %d, stderr %q; want %d and %q", strings.Join(tt.args, " "), res.code, res.stderr, tt.code, tt.stderr)
		}
	}
	for _, args := range [][]string{{"audit", "--help"}, {"help", "audit"}} {
		res := mustRun(t, dir, 0, args...)
		if !strings.Contains(res.stdout, "4    --fail-on SEVERITY") {
			t.Errorf("subproc %s does not document exit code 4:\n%s", strings.Join(args, " "), res.stdout)
		}
	}
}
