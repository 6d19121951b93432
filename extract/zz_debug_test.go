package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/subproc/subproc"
)

// TestZZDebug dumps raw records of one golden file (GOLDEN=name); skipped otherwise.
func TestZZDebug(t *testing.T) {
	n := os.Getenv("GOLDEN")
	if n == "" {
		t.Skip()
	}
	ar, err := txtar.ParseFile("../testdata/golden/" + n + ".txtar")
	if err != nil {
		t.Fatal(err)
	}
	var in []byte
	var want subproc.Extraction
	for _, f := range ar.Files {
		if f.Name == "want.json" {
			json.Unmarshal(f.Data, &want)
		} else if strings.HasPrefix(f.Name, "doc.") {
			in = f.Data
		}
	}
	res, _ := Extract(context.Background(), &subproc.Document{Text: string(in), Language: want.Language})
	fmt.Println("publisher:", res.Publisher)
	for _, r := range res.Records {
		fmt.Printf("%q {%s %d-%d} country=%q loc=%q legal=%q notes=%q\n", r.Name, r.Prov.Layout, r.Prov.LineStart, r.Prov.LineEnd, r.Country, r.Location, r.LegalBasis, r.Notes)
	}
}
