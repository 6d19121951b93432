package subproc_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/subproc/subproc"
)

// TestExtractionJSON: written by an encoder that does not escape HTML (as
// `subproc extract` and the gold files are), the gold-schema form keeps "&",
// "<" and ">" as they are, writes an empty list as [] and absent values as
// null, and reads back what it wrote.
func TestExtractionJSON(t *testing.T) {
	e := subproc.Extraction{Document: "a.txt", Language: "de", Publisher: "Fenwick & Hale <Labs> Ltd",
		Subprocessors: []subproc.Record{{Name: "Lindenberg GmbH & Co. KG", Country: []string{"DE"}}}}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	for _, want := range []string{`"Fenwick & Hale <Labs> Ltd"`, `"Lindenberg GmbH & Co. KG"`,
		`"aliases":[]`, `"reg_no":null`, `"country":["DE"]`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
	var back subproc.Extraction
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Publisher != e.Publisher || back.Subprocessors[0].Name != e.Subprocessors[0].Name {
		t.Errorf("read back %+v, want %+v", back, e)
	}
	b, err := json.Marshal(subproc.Extraction{Document: "b.txt"})
	if err != nil || !strings.Contains(string(b), `"subprocessors":[]`) {
		t.Errorf("extraction without rows: %s, %v; want subprocessors []", b, err)
	}
}
