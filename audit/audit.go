// Package audit reviews the stored dataset: Changes diffs consecutive
// versions of a source row by row, and Set.Audit checks the newest version of
// every source against rules kept as data (data/rules.txt), each with its
// severity, explanation, legal source and date.
package audit

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/store"
)

// Finding is one rule that fired on a document or one of its rows.
type Finding struct {
	Rule     *Rule
	Path     string // the source document
	Version  int    // its stored version
	Line     int    // 1-based first line of the row (or of the statement) in the document's text; 0: the whole document
	LineEnd  int    // last line, inclusive
	Page     int    // PDFs: the page of Line; 0 otherwise
	Name     string // the row's sub-processor; "" for a finding about the document
	Evidence string // what in the document made the rule fire
}

// TextSource gives the decoded text of a stored version of a source, as the
// pipeline saw it, so that line numbers agree with the stored rows. The store
// keeps no text: the command reads the source again and reports ok=false
// when its content is no longer that of version v.
type TextSource interface {
	Text(ctx context.Context, path string, v store.Snapshot) (text string, ok bool, err error)
}

// Input is what an audit reviews.
type Input struct {
	Sources []store.History // every source with all its versions, oldest first
	// Text reads the text of versions stored without their notice period
	// (Snapshot.Notice nil: stored before schema version 4), for
	// change-within-notice. Nil: such versions are not judged.
	Text TextSource
}

// rowCheck is a check of one row: the evidence when the rule fires, ok=false
// when it does not.
type rowCheck func(s *Set, r *subproc.Record) (evidence string, ok bool)

// Audit runs every rule of s: the row rules on the rows of the newest
// version of each source, change-within-notice on every pair of consecutive
// versions. Findings come sorted by path, version, line, severity (highest
// first) and rule.
func (s *Set) Audit(ctx context.Context, in Input) ([]Finding, error) {
	for _, r := range s.Rules {
		if rowChecks[r.ID] == nil && r.ID != ruleChangeWithinNotice {
			return nil, fmt.Errorf("audit: rule %s has no check", r.ID)
		}
	}
	var out []Finding
	for _, h := range in.Sources {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		v := h.Latest()
		if v.Status == subproc.StatusOK {
			for i := range v.Records {
				out = append(out, s.auditRow(h.Path, v.Version, &v.Records[i])...)
			}
		}
		if r := s.Rule(ruleChangeWithinNotice); r != nil {
			fs, err := s.checkNotice(ctx, r, h, in.Text)
			if err != nil {
				return nil, err
			}
			out = append(out, fs...)
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Version, b.Version),
			cmp.Compare(a.Line, b.Line), cmp.Compare(b.Rule.Severity, a.Rule.Severity),
			cmp.Compare(a.Rule.ID, b.Rule.ID))
	})
	return out, nil
}

// auditRow runs the row rules of s on r, in rule order.
func (s *Set) auditRow(path string, version int, r *subproc.Record) []Finding {
	var out []Finding
	for i := range s.Rules {
		rule := &s.Rules[i]
		check := rowChecks[rule.ID]
		if check == nil {
			continue
		}
		if ev, ok := check(s, r); ok {
			out = append(out, Finding{Rule: rule, Path: path, Version: version,
				Line: r.Prov.LineStart, LineEnd: r.Prov.LineEnd, Page: r.Prov.Page,
				Name: r.Name, Evidence: ev})
		}
	}
	return out
}

// Count returns how many findings have each severity.
func Count(fs []Finding) map[Severity]int {
	n := map[Severity]int{}
	for _, f := range fs {
		n[f.Rule.Severity]++
	}
	return n
}

// AtLeast returns how many findings have severity min or higher.
func AtLeast(fs []Finding, min Severity) int {
	n := 0
	for _, f := range fs {
		if f.Rule.Severity >= min {
			n++
		}
	}
	return n
}
