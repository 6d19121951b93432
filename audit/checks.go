package audit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/store"
)

// ruleChangeWithinNotice compares versions, not rows: Audit runs it apart.
const ruleChangeWithinNotice = "change-within-notice"

// rowChecks are the checks of the row rules, by rule id. Every rule of
// data/rules.txt has one, or is ruleChangeWithinNotice.
var rowChecks = map[string]rowCheck{
	"transfer-no-mechanism":    checkTransfer,
	"privacy-shield-only":      checkPrivacyShieldOnly,
	"privacy-shield-mentioned": checkPrivacyShieldMentioned,
	"dpf-verify-certification": checkDPF,
	"reg-no-check-digit":       checkRegNo,
	"no-country":               checkNoCountry,
	"no-purpose":               checkNoPurpose,
}

// checkTransfer fires when a row's data is processed outside the EU/EEA, in
// a country without an adequacy decision (or "WORLD"), and the row states no
// legal basis at all. Where the data is processed is the row's locations,
// or, when it has none, its countries.
func checkTransfer(s *Set, r *subproc.Record) (string, bool) {
	if len(r.LegalBasis) > 0 {
		return "", false
	}
	codes, from := r.Location, "the location"+quoted(r.Raw.Location)
	if r.Raw.Location == "" {
		from = "a location read from the row's text"
	}
	if len(codes) == 0 {
		codes, from = r.Country, "the country"+quoted(r.Raw.Country)
		if r.Raw.Country == "" {
			from = "a country read from the row's address or number"
		}
	}
	var outside []string
	for _, c := range codes {
		c = strings.ToUpper(c)
		if c == subproc.LocationEU || s.eea[c] || s.adequacy[c] != "" {
			continue
		}
		outside = append(outside, c)
	}
	if len(outside) == 0 {
		return "", false
	}
	return fmt.Sprintf("processed in %s (from %s); no transfer mechanism stated",
		strings.Join(outside, ", "), from), true
}

func checkPrivacyShieldOnly(s *Set, r *subproc.Record) (string, bool) {
	if len(r.LegalBasis) != 1 || r.LegalBasis[0] != subproc.LegalPrivacyShield {
		return "", false
	}
	return "legal basis privacy_shield" + basisText(r, "privacy shield"), true
}

func checkPrivacyShieldMentioned(s *Set, r *subproc.Record) (string, bool) {
	if len(r.LegalBasis) < 2 || !slices.Contains(r.LegalBasis, subproc.LegalPrivacyShield) {
		return "", false
	}
	return "legal basis " + strings.Join(r.LegalBasis, ", ") + basisText(r, "privacy shield"), true
}

// checkDPF fires for a recipient in the US (by country or location) whose
// legal basis includes the Data Privacy Framework.
func checkDPF(s *Set, r *subproc.Record) (string, bool) {
	if !slices.Contains(r.LegalBasis, subproc.LegalDPF) {
		return "", false
	}
	var where []string
	if slices.Contains(r.Country, "US") {
		where = append(where, "country US")
	}
	if slices.Contains(r.Location, "US") {
		where = append(where, "location US")
	}
	if len(where) == 0 {
		return "", false
	}
	return strings.Join(where, ", ") + "; legal basis " + strings.Join(r.LegalBasis, ", ") +
		basisText(r, "data privacy framework", "dpf"), true
}

func checkRegNo(s *Set, r *subproc.Record) (string, bool) {
	if r.RegNoValid == nil || *r.RegNoValid {
		return "", false
	}
	ev := "registration number " + r.RegNo
	if r.Raw.RegNo != "" && r.Raw.RegNo != r.RegNo {
		ev += quoted(r.Raw.RegNo)
	}
	return ev, true
}

func checkNoCountry(s *Set, r *subproc.Record) (string, bool) {
	if len(r.Country) > 0 {
		return "", false
	}
	if r.Address != "" {
		return "no country; address " + strings.TrimPrefix(quoted(r.Address), " "), true
	}
	return "no country and no address", true
}

func checkNoPurpose(s *Set, r *subproc.Record) (string, bool) {
	if r.Purpose != "" {
		return "", false
	}
	return "no purpose", true
}

// checkNotice runs change-within-notice on the versions of h: a row added
// in a version dated less than the promised notice period after the version
// before it. The period is the one the newer version's text states: stored
// with it at ingest, or found in its text from ts for a version stored
// without one. When it is unknown or none is stated, or the dates are out of
// order, the pair is not judged.
func (s *Set) checkNotice(ctx context.Context, rule *Rule, h store.History, ts TextSource) ([]Finding, error) {
	var out []Finding
	for _, c := range Changes(h) {
		gap := c.To.Date.Sub(c.From.Date)
		if len(c.Added) == 0 || gap < 0 {
			continue
		}
		i := slices.IndexFunc(h.Versions, func(v store.Snapshot) bool { return v.Version == c.To.Version })
		n, err := s.noticeOf(ctx, h.Path, h.Versions[i], ts)
		if err != nil {
			return nil, err
		}
		if n == nil || n.Days == 0 || gap >= time.Duration(n.Days)*24*time.Hour {
			continue
		}
		for _, r := range c.Added {
			out = append(out, Finding{Rule: rule, Path: h.Path, Version: c.To.Version,
				Line: r.Prov.LineStart, LineEnd: r.Prov.LineEnd, Page: r.Prov.Page, Name: r.Name,
				Evidence: fmt.Sprintf("added in version %d, %s after version %d (%s -> %s); line %d promises %d days' notice: %q",
					c.To.Version, days(gap), c.From.Version, c.From.Date.UTC().Format(time.DateOnly),
					c.To.Date.UTC().Format(time.DateOnly), n.Line, n.Days, n.Phrase)})
		}
	}
	return out, nil
}

// noticeOf returns the notice period version v of the source at path states:
// the one stored with it, else the one found in its text from ts (nil ts:
// none). Nil when it is unknown.
func (s *Set) noticeOf(ctx context.Context, path string, v store.Snapshot, ts TextSource) (*Notice, error) {
	if v.Notice != nil || ts == nil {
		return v.Notice, nil
	}
	text, ok, err := ts.Text(ctx, path, v)
	if err != nil {
		return nil, fmt.Errorf("read the notice period of %s version %d: %w", path, v.Version, err)
	}
	if !ok {
		return nil, nil
	}
	return s.FindNotice(text), nil
}

// days writes a duration in whole days, "less than a day" under one.
func days(d time.Duration) string {
	switch n := int(d / (24 * time.Hour)); n {
	case 0:
		return "less than a day"
	case 1:
		return "1 day"
	default:
		return fmt.Sprintf("%d days", n)
	}
}

// basisText is the text a row's legal basis came from: its legal-basis
// cell, else the words around the first of words (lowercase) in its purpose
// or notes, quoted; "" when none has them.
func basisText(r *subproc.Record, words ...string) string {
	if r.Raw.LegalBasis != "" {
		return quoted(r.Raw.LegalBasis)
	}
	for _, t := range append([]string{r.Raw.Purpose, r.Purpose}, r.Raw.Notes...) {
		t = strings.Join(strings.Fields(t), " ")
		lower := strings.ToLower(t) // same byte offsets: ToLower keeps the length of these words' letters
		for _, w := range words {
			i := strings.Index(lower, w)
			if i < 0 || len(lower) != len(t) {
				continue
			}
			from, to := max(0, i-30), min(len(t), i+len(w)+30)
			for from > 0 && !utf8.RuneStart(t[from]) {
				from--
			}
			for to < len(t) && !utf8.RuneStart(t[to]) {
				to++
			}
			snip := t[from:to]
			if from > 0 {
				snip = "…" + snip
			}
			if to < len(t) {
				snip += "…"
			}
			return fmt.Sprintf(" (in the text: %q)", snip)
		}
	}
	return ""
}

// quoted is ` "s"` for the raw text s a value came from, shortened to 80
// characters; "" when s is empty.
func quoted(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return ""
	}
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return fmt.Sprintf(" %q", s)
}
