package lang

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pemistahl/lingua-go"
)

// ruleLanguages are the languages subproc has (or plans) rules for.
var ruleLanguages = []string{"da", "nb", "nn", "sv", "en", "de", "fr", "nl", "es", "it", "pl", "fi", "pt", "is"}

var (
	sharedOnce     sync.Once
	sharedDetector *Detector
	sharedErr      error
)

// detector builds the detector once per test binary: it takes time and memory.
func detector(tb testing.TB) *Detector {
	tb.Helper()
	sharedOnce.Do(func() { sharedDetector, sharedErr = New(ruleLanguages) })
	if sharedErr != nil {
		tb.Fatalf("New: %v", sharedErr)
	}
	return sharedDetector
}

// seedDir is where the shared seed documents sit, relative to this package.
const seedDir = "../../../shared/seeds"

type seed struct {
	name, text, language string
}

// seeds loads the seed documents and the language their gold file gives them,
// skipping the test when they are absent.
func seeds(tb testing.TB) []seed {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Skipf("no seed documents at %s (shared/ beside the module root): skipping", seedDir)
	}
	var out []seed
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		gold, err := os.ReadFile(filepath.Join(seedDir, "gold", filepath.Base(f)+".json"))
		if err != nil {
			tb.Fatalf("seed %s has no gold file: %v", filepath.Base(f), err)
		}
		var g struct {
			Language string `json:"language"`
		}
		if err := json.Unmarshal(gold, &g); err != nil {
			tb.Fatalf("read gold for %s: %v", filepath.Base(f), err)
		}
		out = append(out, seed{name: filepath.Base(f), text: string(text), language: g.Language})
	}
	return out
}

func TestDetectSeeds(t *testing.T) {
	d := detector(t)
	for _, s := range seeds(t) {
		t.Run(s.name, func(t *testing.T) {
			got, conf := d.Detect(s.text)
			if got != s.language {
				t.Errorf("Detect = %q (%.3f), want %q", got, conf, s.language)
			}
			t.Logf("%s: %s %.4f", s.name, got, conf)
		})
	}
}

// snippets are a few sentences of DPA wording per language, written for this test.
var snippets = []struct {
	want, text string
}{
	{"da", `Databehandleren må ikke gøre brug af en underdatabehandler uden forudgående specifik eller generel skriftlig godkendelse fra den dataansvarlige. Databehandleren skal underrette den dataansvarlige om eventuelle planlagte ændringer vedrørende tilføjelse eller udskiftning af underdatabehandlere. Oversigten nedenfor angiver de underdatabehandlere, som den dataansvarlige har godkendt ved aftalens indgåelse.`},
	{"nb", `Databehandleren kan ikke benytte seg av en underdatabehandler uten at den behandlingsansvarlige på forhånd har gitt skriftlig godkjenning. Databehandleren skal varsle den behandlingsansvarlige om planlagte endringer som gjelder tilføyelse eller utskifting av underleverandører. Oversikten nedenfor viser hvilke underdatabehandlere som er godkjent ved avtaleinngåelsen, og hvor personopplysningene lagres.`},
	{"nn", `Databehandlaren kan ikkje nytte ein underdatabehandlar utan at den behandlingsansvarlege på førehand har gjeve skriftleg godkjenning. Databehandlaren skal varsle den behandlingsansvarlege om planlagde endringar som gjeld nye eller utskifte underleverandørar. Oversikta nedanfor viser kva for underdatabehandlarar som er godkjende når avtalen vart inngått, og kvar personopplysningane blir lagra.`},
	{"sv", `Personuppgiftsbiträdet får inte anlita ett underbiträde utan att den personuppgiftsansvarige i förväg har lämnat skriftligt godkännande. Personuppgiftsbiträdet ska underrätta den personuppgiftsansvarige om planerade förändringar avseende tillägg eller byte av underbiträden. Förteckningen nedan anger de underbiträden som har godkänts vid avtalets ingående samt var personuppgifterna lagras.`},
	{"en", `The processor shall not engage another processor without prior specific or general written authorisation of the controller. The processor shall inform the controller of any intended changes concerning the addition or replacement of sub-processors. The list below sets out the sub-processors approved at the date of this agreement and where personal data is stored.`},
}

func TestDetectSnippets(t *testing.T) {
	d := detector(t)
	for _, s := range snippets {
		t.Run(s.want, func(t *testing.T) {
			got, conf := d.Detect(s.text)
			if got != s.want {
				t.Errorf("Detect = %q (%.3f), want %q", got, conf, s.want)
			}
			if conf <= 0 || conf > 1 {
				t.Errorf("confidence %v outside (0, 1]", conf)
			}
		})
	}
}

func TestDetectNoLetters(t *testing.T) {
	d := detector(t)
	for _, text := range []string{"", "   \n\t", "1234 5678\n---|---|---\n+-----+\n2024-01-01", "https://example.com/dpa user@example.com"} {
		if got, conf := d.Detect(text); got != "" || conf != 0 {
			t.Errorf("Detect(%q) = (%q, %v), want (\"\", 0)", text, got, conf)
		}
	}
}

func TestDetectConcurrent(t *testing.T) {
	d := detector(t)
	var wg sync.WaitGroup
	for i := range 8 {
		s := snippets[i%len(snippets)]
		wg.Go(func() {
			for range 5 {
				if got, _ := d.Detect(s.text); got != s.want {
					t.Errorf("concurrent Detect = %q, want %q", got, s.want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestNew(t *testing.T) {
	tests := []struct {
		codes   []string
		wantErr string
		want    []string
	}{
		{codes: []string{"sv", "DA", "da", " nb"}, want: []string{"da", "nb", "sv"}},
		{codes: []string{"da", "xx", "nb"}, wantErr: `unknown ISO 639-1 code "xx"`},
		{codes: []string{"da", "dan"}, wantErr: `unknown ISO 639-1 code "dan"`},
		{codes: []string{"da", "da"}, wantErr: "at least two"},
		{codes: nil, wantErr: "at least two"},
	}
	for _, tt := range tests {
		d, err := New(tt.codes)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("New(%q) error = %v, want one containing %q", tt.codes, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("New(%q): %v", tt.codes, err)
			continue
		}
		if got := d.Languages(); strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("New(%q).Languages() = %q, want %q", tt.codes, got, tt.want)
		}
	}
}

// BenchmarkNew measures building a detector once its models are loaded:
// lingua caches them per process, so only the first New pays the load (~80 ms).
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(ruleLanguages); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDetect(b *testing.B) {
	d := detector(b)
	var text string
	for _, s := range seeds(b) {
		if len(s.text) > len(text) {
			text = s.text
		}
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		d.Detect(text)
	}
}

// TestConfidenceFallsOnMixedText: the confidence is measured on pieces of the
// sample, so a document half in another language is less certain than a pure one.
func TestConfidenceFallsOnMixedText(t *testing.T) {
	d := detector(t)
	da := strings.Repeat("Databehandleren må ikke gøre brug af en underdatabehandler uden forudgående skriftlig godkendelse fra den dataansvarlige. Listen over godkendte underdatabehandlere fremgår af bilag B. ", 6)
	en := strings.Repeat("The processor shall not engage another processor without prior specific or general written authorisation of the controller. The list of approved sub-processors is set out in Annex III. ", 6)
	code, pure := d.Detect(da)
	if code != "da" {
		t.Fatalf("pure Danish detected as %q", code)
	}
	_, mixed := d.Detect(da + "\n\n" + en)
	if !(mixed < pure) {
		t.Errorf("confidence on Danish+English text %.3f, want below the pure Danish %.3f", mixed, pure)
	}
	if pure <= 0 || pure > 1 || mixed <= 0 || mixed > 1 {
		t.Errorf("confidences out of (0, 1]: pure %.3f mixed %.3f", pure, mixed)
	}
}

func TestPieces(t *testing.T) {
	text := strings.Repeat("behandling af personoplysninger sker i EU\n", 20) + strings.Repeat("x", 300)
	ps := pieces(text, 120)
	if len(ps) < 5 {
		t.Fatalf("pieces: %d, want several", len(ps))
	}
	for i, p := range ps[:len(ps)-1] {
		if len(p) > 120+60 {
			t.Errorf("piece %d is %d bytes, want about 120", i, len(p))
		}
		if strings.HasPrefix(p, " ") || strings.HasSuffix(p, " ") {
			t.Errorf("piece %d cut inside a word or keeps its space: %q", i, p)
		}
	}
	if got, want := strings.Join(strings.Fields(strings.Join(ps, " ")), " "), strings.Join(strings.Fields(text), " "); got != want {
		t.Errorf("pieces lose or change words")
	}
	if ps[len(ps)-1] != strings.Repeat("x", 300) {
		t.Errorf("a word longer than a piece is cut: %q", ps[len(ps)-1])
	}
	if got := pieces("kort tekst", 120); len(got) != 1 || got[0] != "kort tekst" {
		t.Errorf("pieces of a short text = %q", got)
	}
}

func TestSpread(t *testing.T) {
	for n := 1; n <= 40; n++ {
		got := spread(n)
		seen := make(map[int]bool)
		for _, i := range got {
			if i < 0 || i >= n || seen[i] {
				t.Fatalf("spread(%d) = %v: not a permutation", n, got)
			}
			seen[i] = true
		}
		if len(got) != n {
			t.Fatalf("spread(%d) has %d elements", n, len(got))
		}
	}
	if got := spread(12)[:5]; got[0] != 0 || got[1] != 11 || got[2] != 6 || got[3] != 3 || got[4] != 9 {
		t.Errorf("spread(12) starts %v, want [0 11 6 3 9]", got)
	}
}

// TestNarrowedIsCached: one detector per set of finalists, whatever their order.
func TestNarrowedIsCached(t *testing.T) {
	d, err := New([]string{"da", "nb", "nn", "sv"})
	if err != nil {
		t.Fatal(err)
	}
	d.narrowed([]lingua.Language{lingua.Danish, lingua.Bokmal, lingua.Nynorsk})
	d.narrowed([]lingua.Language{lingua.Nynorsk, lingua.Danish, lingua.Bokmal})
	d.narrowed([]lingua.Language{lingua.Danish})
	n := 0
	d.subsets.Range(func(_, _ any) bool { n++; return true })
	if n != 1 {
		t.Errorf("%d detectors kept for one set of finalists in two orders and a single language, want 1", n)
	}
}
