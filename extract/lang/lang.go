// Package lang detects the language a document is written in, among the
// languages subproc has rules for, so that extraction picks the right rule set.
package lang

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/pemistahl/lingua-go"
)

// Detector detects the language of a document among the languages subproc has
// rules for. Build one at start-up and share it: it is safe for concurrent use.
//
// The lingua detector it wraps keeps no per-call state: its language models
// are loaded into package-level sync.Maps and only read afterwards, so calls
// from many goroutines need no lock.
type Detector struct {
	detector lingua.LanguageDetector
	codes    []string // the languages it chooses among, ISO 639-1, sorted
}

// New builds a detector for the languages named by ISO 639-1 codes, e.g.
// {"da", "nb", "nn", "sv", "en"}. Codes are case-insensitive; duplicates are
// ignored. An unknown code, or fewer than two distinct languages, is an error.
// Building preloads the languages' trigram models: measured for 12 languages,
// about 80 ms and 11 MB of heap (40-odd MB from the OS). lingua caches models
// per process, so later calls to New reuse them and cost almost nothing.
func New(codes []string) (*Detector, error) {
	seen := make(map[lingua.Language]bool)
	var languages []lingua.Language
	var unknown []string
	for _, c := range codes {
		l := language(c)
		if l == lingua.Unknown {
			unknown = append(unknown, fmt.Sprintf("%q", c))
			continue
		}
		if !seen[l] {
			seen[l] = true
			languages = append(languages, l)
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("build language detector: unknown ISO 639-1 code %s", strings.Join(unknown, ", "))
	}
	if len(languages) < 2 {
		return nil, errors.New("build language detector: need at least two distinct languages to choose among")
	}
	d := &Detector{
		detector: lingua.NewLanguageDetectorBuilder().
			FromLanguages(languages...).
			WithLowAccuracyMode().
			WithPreloadedLanguageModels().
			Build(),
	}
	for _, l := range languages {
		d.codes = append(d.codes, isoCode(l))
	}
	sort.Strings(d.codes)
	return d, nil
}

// Languages returns the ISO 639-1 codes the detector chooses among, sorted.
func (d *Detector) Languages() []string {
	return append([]string(nil), d.codes...)
}

// Detect returns the ISO 639-1 code of the language text is most likely
// written in and lingua's confidence in it (0..1; the confidences of all the
// detector's languages sum to 1). It looks at a bounded sample of the text
// (see Sample), so a 40-page document costs about as much as a 3-page one.
// Text without letters gives ("", 0).
func (d *Detector) Detect(text string) (code string, confidence float64) {
	s := Sample(text, DefaultSampleSize)
	if s == "" {
		return "", 0
	}
	best, confidence := d.vote(s)
	if confidence == 0 {
		return "", 0
	}
	return isoCode(best), confidence
}

// chunkRunes is the size of the pieces a sample is scored in.
const chunkRunes = 600

// vote scores the sample in pieces, one pass over it: the language with the
// highest summed confidence wins, and the confidence reported is its mean
// over the pieces. On a whole sample lingua says 1.0 for any real text; on
// pieces, a document mixing languages, or Bokmål that reads partly as
// Nynorsk, scores lower.
func (d *Detector) vote(sample string) (lingua.Language, float64) {
	runes := []rune(sample)
	sums := map[lingua.Language]float64{}
	n := 0
	for start := 0; start < len(runes); start += chunkRunes {
		end := min(start+chunkRunes, len(runes))
		if end-start < chunkRunes/4 && n > 0 {
			break
		}
		for _, v := range d.detector.ComputeLanguageConfidenceValues(string(runes[start:end])) {
			sums[v.Language()] += v.Value()
		}
		n++
	}
	var best lingua.Language
	bestSum := 0.0
	for l, v := range sums {
		if v > bestSum || v == bestSum && l < best {
			best, bestSum = l, v
		}
	}
	if n == 0 || bestSum == 0 {
		return lingua.Unknown, 0
	}
	return best, bestSum / float64(n)
}

// language maps an ISO 639-1 code to lingua's language, lingua.Unknown if it has none.
func language(c string) lingua.Language {
	c = strings.ToLower(strings.TrimSpace(c))
	if len(c) != 2 {
		return lingua.Unknown
	}
	iso := lingua.GetIsoCode639_1FromValue(c)
	if iso == lingua.UnknownIsoCode639_1 {
		return lingua.Unknown
	}
	return lingua.GetLanguageFromIsoCode639_1(iso)
}

// isoCode is the lower-case ISO 639-1 code of l.
func isoCode(l lingua.Language) string {
	return strings.ToLower(l.IsoCode639_1().String())
}
