package audit

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestDefaultRules(t *testing.T) {
	s := Default()
	if len(s.Rules) == 0 {
		t.Fatal("no rules")
	}
	for _, r := range s.Rules {
		if rowChecks[r.ID] == nil && r.ID != ruleChangeWithinNotice {
			t.Errorf("rule %s has no check", r.ID)
		}
		if strings.Contains(r.Explanation, "\n") || r.Explanation == "" || r.Source == "" {
			t.Errorf("rule %s: want a one-line explanation and a source, got %+v", r.ID, r)
		}
	}
	for id := range rowChecks {
		if s.Rule(id) == nil {
			t.Errorf("check %s has no rule in data/rules.txt", id)
		}
	}
	if s.Rule(ruleChangeWithinNotice) == nil {
		t.Errorf("rule %s is missing", ruleChangeWithinNotice)
	}
	for _, c := range []string{"DK", "NO", "IS", "LI", "DE"} {
		if !s.eea[c] {
			t.Errorf("%s is not in the EU/EEA list", c)
		}
	}
	if len(s.eea) != 30 {
		t.Errorf("%d EU/EEA states, want 27 + 3", len(s.eea))
	}
	if s.adequacy["US"] != "" || s.adequacy["GB"] == "" || s.eea["GB"] {
		t.Errorf("US must not be adequate as a country, GB must (and not be EEA)")
	}
}

func TestParseSeverity(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Severity
	}{{"info", Info}, {"LOW", Low}, {" medium ", Medium}, {"high", High}} {
		got, err := ParseSeverity(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSeverity(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	if _, err := ParseSeverity("critical"); err == nil {
		t.Error("ParseSeverity(critical): no error")
	}
}

func TestLoadErrors(t *testing.T) {
	base := fstest.MapFS{
		"data/places.txt": {Data: []byte("[eea]\nDK\n[adequacy]\nCH = x\n")},
		"data/notice.txt": {Data: []byte("[pattern]\n{n} {unit} notice\n[context]\nchange\n[unit]\ndays = 1\n[number]\none = 1\n")},
	}
	for _, tt := range []struct{ name, rules, want string }{
		{"no date", "[a]\nseverity = low\nexplanation = x\nsource = y\n", "has no date"},
		{"bad date", "[a]\nseverity = low\nexplanation = x\nsource = y\ndate = 16 July 2020\n", "YYYY-MM-DD"},
		{"bad severity", "[a]\nseverity = critical\nexplanation = x\nsource = y\ndate = 2020-07-16\n", "unknown severity"},
		{"unknown field", "[a]\nseverity = low\nexplanation = x\nsource = y\ndate = 2020-07-16\nurl = z\n", "unknown field"},
		{"twice", "[a]\nseverity = low\nexplanation = x\nsource = y\ndate = 2020-07-16\n[a]\nseverity = low\nexplanation = x\nsource = y\ndate = 2020-07-16\n", "defined twice"},
		{"before section", "severity = low\n", "before any [section]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"data/rules.txt": {Data: []byte(tt.rules)}}
			for k, v := range base {
				fsys[k] = v
			}
			_, err := Load(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load: %v, want an error with %q", err, tt.want)
			}
		})
	}
}
