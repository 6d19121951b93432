package rules

import (
	"strings"
	"testing"

	"github.com/subproc/subproc"
)

func TestEveryLanguageDefinesEveryKey(t *testing.T) {
	langs := Languages()
	for _, want := range []string{"da", "nb", "nn", "sv", "en"} {
		if !contains(langs, want) {
			t.Errorf("no rules for %s (have %v)", want, langs)
		}
	}
	for _, l := range langs {
		s, err := For(l)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range RequiredKeys() {
			// The key must be defined in the language's own folder, not only in common.
			src, ok := s.Sources[k]
			if !ok || !strings.HasPrefix(src, "rules/"+l+"/") {
				t.Errorf("%s: key [%s] not defined in rules/%s/", l, k, l)
				continue
			}
			if len(s.Lists[k]) == 0 && len(s.Maps[k]) == 0 {
				t.Errorf("%s: key [%s] is empty (%s)", l, k, src)
			}
		}
	}
}

func TestNoSynonymNamesTwoFields(t *testing.T) {
	for _, s := range All() {
		seen := map[string]subproc.Field{}
		for _, f := range HeaderFields {
			for _, w := range s.Headers(f) {
				if g, dup := seen[w]; dup && g != f {
					t.Errorf("%s: header %q names both %s and %s", s.Lang, w, g, f)
				}
				seen[w] = f
			}
		}
	}
}

func TestMapValuesInVocabulary(t *testing.T) {
	for _, s := range All() {
		for phrase, v := range s.Map(KeyLegal) {
			if !contains(subproc.LegalBases, v) {
				t.Errorf("%s: legal phrase %q -> %q, not in the vocabulary %v (%s)", s.Lang, phrase, v, subproc.LegalBases, s.Sources[KeyLegal])
			}
		}
		for name, code := range s.Map(KeyCountry) {
			if len(code) != 2 || strings.ToUpper(code) != code {
				t.Errorf("%s: country %q -> %q is no ISO 3166-1 alpha-2 code", s.Lang, name, code)
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"entry before key", "word\n", "before any [key]"},
		{"map without value", "[country]\nirland\n", "phrase = VALUE"},
		{"empty value", "[legal]\nscc = \n", "empty phrase or value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Set{Lists: map[Key][]string{}, Maps: map[Key]map[string]string{}, Sources: map[Key]string{}}
			err := s.parse("x/test.txt", tt.text)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestForUnknownLanguage(t *testing.T) {
	if _, err := For("xx"); err == nil {
		t.Error("For(xx) gave no error")
	}
	if _, err := For(""); err == nil {
		t.Error("For(\"\") gave no error")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestParseEscapedEntry(t *testing.T) {
	s := &Set{Lists: map[Key][]string{}, Maps: map[Key]map[string]string{}, Sources: map[Key]string{}}
	if err := s.parse("x/test.txt", "[footnote]\n\\[N]\n*\n\\#\n"); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(s.Lists["footnote"], " "), "[n] * #"; got != want {
		t.Errorf("footnote entries %q, want %q", got, want)
	}
}
