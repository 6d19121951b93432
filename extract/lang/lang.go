// Package lang detects the language a document is written in, among the
// languages subproc has rules for, so that extraction picks the right rule set.
package lang

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

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
	subsets  sync.Map // sorted finalists' key -> lingua.LanguageDetector (see narrowed)
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
// written in and lingua's confidence in it (0..1, see vote). It looks at a
// bounded sample of the text (see Sample), so a 40-page document costs about
// as much as a 3-page one. Text without letters gives ("", 0).
func (d *Detector) Detect(text string) (code string, confidence float64) {
	s := Sample(text, DefaultSampleSize)
	if s == "" {
		return "", 0
	}
	best, confidence := d.vote(pieces(s, pieceBytes))
	if confidence == 0 {
		return "", 0
	}
	return isoCode(best), confidence
}

const (
	// pieceBytes is about the size of the pieces a sample is scored in.
	// lingua sums the log-probabilities of a piece's trigrams and turns them
	// into confidences with exp: past about 100 trigrams the sum is below
	// exp's range (-745) and lingua falls back to arbitrary-precision
	// decimals, which cost 10 times the rest of the detection. Pieces of
	// about 100 letters stay in float64's range.
	pieceBytes = 120

	// openingPieces are scored among all the detector's languages; the other
	// pieces only among the finalists, the languages with the highest sums
	// after them. A piece costs in proportion to the languages it is scored
	// in, so this makes a 14-language detector cost about what a 4-language
	// one does, and the languages that are hard to tell apart (Bokmål,
	// Nynorsk and Danish; Spanish and Portuguese) still get the whole sample.
	openingPieces = 3
	finalists     = 3

	// A document whose opening pieces all read as one language with a mean
	// confidence of at least sureConfidence is decided there.
	sureConfidence = 0.9
)

// vote scores the pieces of a sample in a spread order (see spread): the
// language with the highest summed confidence wins, and the confidence
// reported is its mean over the pieces scored. lingua says 1.0 for almost
// any piece of a pure text in a language with no close neighbour among the
// detector's; a document mixing languages, or Bokmål that reads partly as
// Nynorsk, scores lower.
func (d *Detector) vote(pieces []string) (lingua.Language, float64) {
	sums := make(map[lingua.Language]float64, len(d.codes))
	det := d.detector
	n, unanimous := 0, true
	var first lingua.Language
	for _, i := range spread(len(pieces)) {
		values := det.ComputeLanguageConfidenceValues(pieces[i])
		for _, v := range values {
			sums[v.Language()] += v.Value()
		}
		if top := values[0]; n == 0 {
			first = top.Language()
		} else if top.Language() != first {
			unanimous = false
		}
		n++
		if n != openingPieces {
			continue
		}
		ranked := rank(sums)
		if len(ranked) == 0 {
			continue
		}
		if len(ranked) == 1 || unanimous && ranked[0] == first && sums[first] >= sureConfidence*float64(n) {
			break
		}
		det = d.narrowed(ranked[:min(finalists, len(ranked))])
	}
	ranked := rank(sums)
	if n == 0 || len(ranked) == 0 {
		return lingua.Unknown, 0
	}
	return ranked[0], sums[ranked[0]] / float64(n)
}

// rank returns the languages with a positive sum, highest first; ties go
// to the lower lingua.Language, so the order is deterministic.
func rank(sums map[lingua.Language]float64) []lingua.Language {
	var ls []lingua.Language
	for l, v := range sums {
		if v > 0 {
			ls = append(ls, l)
		}
	}
	sort.Slice(ls, func(i, j int) bool {
		if sums[ls[i]] != sums[ls[j]] {
			return sums[ls[i]] > sums[ls[j]]
		}
		return ls[i] < ls[j]
	})
	return ls
}

// narrowed returns a detector for the given languages only, built once and
// kept: lingua shares its models between detectors, so one costs a few
// kilobytes.
func (d *Detector) narrowed(languages []lingua.Language) lingua.LanguageDetector {
	if len(languages) < 2 {
		return d.detector
	}
	ls := slices.Clone(languages)
	slices.Sort(ls)
	key := fmt.Sprint(ls)
	if det, ok := d.subsets.Load(key); ok {
		return det.(lingua.LanguageDetector)
	}
	det := lingua.NewLanguageDetectorBuilder().FromLanguages(ls...).WithLowAccuracyMode().Build()
	actual, _ := d.subsets.LoadOrStore(key, det)
	return actual.(lingua.LanguageDetector)
}

// pieces cuts a sample into pieces of about size bytes, at spaces or line
// ends, never inside a word unless a word is longer than size. A short
// last piece is joined to the one before it.
func pieces(sample string, size int) []string {
	var out []string
	for len(sample) > 0 {
		if len(sample) <= size+size/2 {
			out = append(out, sample)
			break
		}
		cut := strings.LastIndexAny(sample[:size], " \n")
		if cut <= 0 {
			cut = strings.IndexAny(sample, " \n")
			if cut < 0 {
				cut = len(sample)
			}
		}
		out = append(out, sample[:cut])
		sample = strings.TrimLeft(sample[cut:], " \n")
	}
	return out
}

// spread returns 0..n-1 in an order that visits the whole range early: the
// first, the last, then the middle, the quarters and so on (the van der
// Corput sequence), so the opening pieces stand for the whole sample: its
// head and its tail are the two ends of the document.
func spread(n int) []int {
	order := make([]int, 0, n)
	seen := make([]bool, n)
	add := func(i int) {
		for seen[i] {
			i = (i + 1) % n
		}
		seen[i] = true
		order = append(order, i)
	}
	if n > 0 {
		add(0)
	}
	if n > 1 {
		add(n - 1)
	}
	for k := 1; len(order) < n; k++ {
		// bit-reverse k into a fraction in (0, 1)
		f, den := 0.0, 0.5
		for x := k; x > 0; x >>= 1 {
			if x&1 == 1 {
				f += den
			}
			den /= 2
		}
		add(int(f * float64(n)))
	}
	return order
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
