package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"

	"github.com/subproc/subproc/audit"
	"github.com/subproc/subproc/store"
)

// findingJSON is an audit finding in the API.
type findingJSON struct {
	Severity    string `json:"severity"`
	Rule        string `json:"rule"`
	Explanation string `json:"explanation"`
	Source      string `json:"source"` // the law, judgment or decision the rule rests on
	Date        string `json:"date"`
	Path        string `json:"path"`
	Version     int    `json:"version"`
	DocumentID  int64  `json:"document_id"`
	Name        string `json:"name,omitempty"`
	LineStart   int    `json:"line_start,omitempty"`
	LineEnd     int    `json:"line_end,omitempty"`
	Page        int    `json:"page,omitempty"`
	Evidence    string `json:"evidence"`
}

// ruleCount is a rule of the audit with how many findings it has.
type ruleCount struct {
	audit.Rule
	N       int    `json:"findings"`
	URL     string `json:"-"` // the page filtered to this rule
	Current bool   `json:"-"` // the page is filtered to this rule
}

// auditPage is the data of audit.html.
type auditPage struct {
	Findings    []findingJSON
	Total       int // findings before the filters
	Rules       []ruleCount
	Severity    string // minimum severity shown, "" for all
	Rule        string // rule shown, "" for all
	Severities  []string
	TextChecked bool // the rules that read the documents' text ran
	All         string
}

// audit is the page of the audit findings: every rule of the audit run on
// the newest version of every document (and on consecutive versions for
// the notice rule), filtered by minimum severity and rule.
func (s *Server) audit(r *http.Request) (*view, error) {
	ctx := r.Context()
	q := r.URL.Query()
	set := audit.Default()
	min := audit.Info
	if v := q.Get("severity"); v != "" {
		var err error
		if min, err = audit.ParseSeverity(v); err != nil {
			return nil, errorf(http.StatusBadRequest, "severity=%s: %v", v, err)
		}
	}
	rule := q.Get("rule")
	if rule != "" && set.Rule(rule) == nil {
		return nil, errorf(http.StatusBadRequest, "rule=%s: no such rule", rule)
	}
	hs, err := s.db.History(ctx, store.HistoryFilter{})
	if err != nil {
		return nil, err
	}
	findings, err := set.Audit(ctx, audit.Input{Sources: hs, Text: s.opt.AuditText})
	if err != nil {
		return nil, err
	}
	docID := map[string]map[int]int64{}
	for _, h := range hs {
		docID[h.Path] = map[int]int64{}
		for _, v := range h.Versions {
			docID[h.Path][v.Version] = v.DocumentID
		}
	}
	page := &auditPage{Total: len(findings), Rule: rule, TextChecked: s.opt.AuditText != nil,
		Findings: []findingJSON{}, All: "/audit"}
	if q.Get("severity") != "" {
		page.Severity = min.String()
	}
	counts := map[string]int{}
	for _, f := range findings {
		counts[f.Rule.ID]++
		if f.Rule.Severity < min || rule != "" && f.Rule.ID != rule {
			continue
		}
		page.Findings = append(page.Findings, findingJSON{Severity: f.Rule.Severity.String(), Rule: f.Rule.ID,
			Explanation: f.Rule.Explanation, Source: f.Rule.Source, Date: f.Rule.Date, Path: f.Path,
			Version: f.Version, DocumentID: docID[f.Path][f.Version], Name: f.Name, LineStart: f.Line,
			LineEnd: f.LineEnd, Page: f.Page, Evidence: f.Evidence})
	}
	// Worst first; the audit's order (document, line) within a severity.
	slices.SortStableFunc(page.Findings, func(a, b findingJSON) int {
		return cmp.Compare(severityRank(b.Severity), severityRank(a.Severity))
	})
	for _, sev := range []audit.Severity{audit.High, audit.Medium, audit.Low, audit.Info} {
		page.Severities = append(page.Severities, sev.String())
	}
	for _, ru := range set.Rules {
		v := withParams(r, map[string]string{"rule": ru.ID})
		page.Rules = append(page.Rules, ruleCount{Rule: ru, N: counts[ru.ID], URL: v, Current: ru.ID == rule})
	}
	slices.SortStableFunc(page.Rules, func(a, b ruleCount) int { return cmp.Compare(b.Severity, a.Severity) })
	return &view{Page: "audit", Nav: "audit", Title: "Audit findings", Data: page, Name: "subproc-audit",
		JSON: func() any {
			return struct {
				Total    int           `json:"total"`
				Findings []findingJSON `json:"findings"`
				Rules    []ruleCount   `json:"rules"`
			}{page.Total, page.Findings, page.Rules}
		},
		CSV: func() [][]string {
			out := [][]string{{"severity", "rule", "explanation", "source", "date", "path", "version",
				"document_id", "name", "line_start", "line_end", "page", "evidence"}}
			num := func(n int) string {
				if n == 0 {
					return ""
				}
				return strconv.Itoa(n)
			}
			for _, f := range page.Findings {
				out = append(out, []string{f.Severity, f.Rule, f.Explanation, f.Source, f.Date, f.Path,
					strconv.Itoa(f.Version), strconv.FormatInt(f.DocumentID, 10), f.Name, num(f.LineStart),
					num(f.LineEnd), num(f.Page), f.Evidence})
			}
			return out
		}}, nil
}

// withParams is the request's URL with the query parameters set changed ("" deletes
// one), without format and page.
func withParams(r *http.Request, set map[string]string) string {
	v := r.URL.Query()
	v.Del("format")
	v.Del("page")
	for k, val := range set {
		if val == "" {
			v.Del(k)
		} else {
			v.Set(k, val)
		}
	}
	if len(v) == 0 {
		return r.URL.Path
	}
	return r.URL.Path + "?" + v.Encode()
}

// severityRank orders the severities' names, lowest first.
func severityRank(name string) audit.Severity {
	s, _ := audit.ParseSeverity(name)
	return s
}
