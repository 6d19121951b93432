package gold

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

var sweepAll = flag.Bool("sweep", false, "compare the text functions with score.py on every code point, not just the scripts of the corpus")

// sweepRanges are the code points TestUnicodeAgainstPython checks by default:
// Latin, Greek, Cyrillic, Armenian and combining marks, general punctuation
// and letterlike symbols, ligatures and fullwidth forms.
var sweepRanges = [][2]rune{{0, 0x58F}, {0x1E00, 0x218F}, {0xFB00, 0xFFEF}}

// TestUnicodeAgainstPython checks toks, the final-sigma rule, the reg_no key,
// upper and lower against score.py's own functions and Python's str methods,
// code point by code point. Code points whose general category differs between
// Python's Unicode version and Go's are skipped.
func TestUnicodeAgainstPython(t *testing.T) {
	py := python(t)
	script := sharedPath(t, "tools", "score.py")
	if _, err := os.Stat(script); err != nil {
		t.Skipf("reference scorer missing: %v", err)
	}
	ranges := sweepRanges
	if *sweepAll {
		ranges = [][2]rune{{0, unicode.MaxRune}}
	}
	checked, bad := 0, 0
	for _, rg := range ranges {
		cmd := exec.Command(py, "testdata/sweep.py", script, strconv.FormatInt(int64(rg[0]), 16), strconv.FormatInt(int64(rg[1]), 16))
		cmd.Env = append(os.Environ(), "PYTHONUTF8=1")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("sweep.py: %v", err)
		}
		sc := bufio.NewScanner(bytes.NewReader(out))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			parts := strings.SplitN(sc.Text(), "\t", 3)
			cp, err := strconv.ParseInt(parts[0], 16, 32)
			if err != nil {
				t.Fatal(err)
			}
			r := rune(cp)
			if category(r) != parts[1] {
				continue // a different Unicode version
			}
			var want []any
			if err := json.Unmarshal([]byte(parts[2]), &want); err != nil {
				t.Fatal(err)
			}
			c := string(r)
			got := []any{list(toks(c)), list(toks("x" + c + "Σ")), list(toks("xΣ" + c)), list(toks(c + "Σ")),
				regNoKey(c), upper(c), lower(c)}
			checked++
			if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
				if bad++; bad <= 20 {
					t.Errorf("U+%04X %s: got %s, want %s", r, parts[1], g, w)
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d code points differ", bad, checked)
	}
	t.Logf("%d code points checked", checked)
}

// category is the general category of r in Go's Unicode tables, "Cn" if none.
func category(r rune) string {
	for name, tab := range unicode.Categories {
		if len(name) == 2 && name != "LC" && unicode.Is(tab, r) { // LC is Lu, Ll and Lt together
			return name
		}
	}
	return "Cn"
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// list is xs with nil as empty, as Python's lists print.
func list(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
