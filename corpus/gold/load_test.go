package gold

import (
	"errors"
	"io/fs"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/subproc/subproc"
)

func TestDecode(t *testing.T) {
	str := func(s string) *string { return &s }
	for _, c := range []struct {
		name     string
		in       string
		want     *subproc.Extraction
		wantLang *string
	}{
		{"full", `{"document": "d.txt", "language": "sv", "publisher": "P", "subprocessors": [
			{"name": "Cygate AB", "aliases": ["Cy"], "reg_no": "556", "address": null, "country": ["SE"],
			 "purpose": "Drift", "legal_basis": [], "location": ["EU"], "data_categories": null}]}`,
			&subproc.Extraction{Document: "d.txt", Language: "sv", Publisher: "P", Subprocessors: []subproc.Record{
				{Name: "Cygate AB", Aliases: []string{"Cy"}, RegNo: "556", Country: []string{"SE"}, Purpose: "Drift",
					LegalBasis: []string{}, Location: []string{"EU"}}}}, str("sv")},
		{"missing keys", `{}`, &subproc.Extraction{}, nil},
		{"null language", `{"language": null, "subprocessors": null}`, &subproc.Extraction{}, nil},
		{"empty language", `{"language": ""}`, &subproc.Extraction{}, str("")},
		{"exact keys", `{"Language": "nb", "subprocessors": [{"Name": "X", "name": "Y", "COUNTRY": ["DK"]}]}`,
			&subproc.Extraction{Subprocessors: []subproc.Record{{Name: "Y"}}}, nil},
		{"falsy rows", `{"subprocessors": {}}`, &subproc.Extraction{}, nil},
		{"unread keys of the wrong type", `{"publisher": 7, "document": ["x"], "subprocessors": ""}`, &subproc.Extraction{}, nil},
	} {
		got, lang, err := decode([]byte(c.in))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
		if !reflect.DeepEqual(lang, c.wantLang) {
			t.Errorf("%s: language %v, want %v", c.name, lang, c.wantLang)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, in := range []string{
		`[]`, `null`, `{"language": 5}`, `{"subprocessors": "x"}`, `{"subprocessors": [null]}`,
		`{"subprocessors": [{"country": "DK"}]}`, "{\"language\": \"\xff\"}", `{`,
	} {
		if _, _, err := decode([]byte(in)); err == nil {
			t.Errorf("decode(%q): no error", in)
		}
	}
}

func TestDir(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"b.txt.json", "a.json", "README.md", "c.txt/gold.json", "d/other.json", "Z.json"} {
		writeFile(t, filepath.Join(dir, p), "{}")
	}
	got, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{"Z.json", filepath.Join(dir, "Z.json")},
		{"a.json", filepath.Join(dir, "a.json")},
		{"b.txt.json", filepath.Join(dir, "b.txt.json")},
		{"c.txt", filepath.Join(dir, "c.txt", "gold.json")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Dir = %v, want %v", got, want)
	}
	if _, err := Dir(filepath.Join(dir, "missing")); err == nil {
		t.Error("Dir of a missing folder: no error")
	}
}

func TestLoadSeeds(t *testing.T) {
	dir := seedGold(t)
	for _, d := range loadSeeds(t, dir) {
		if d.Gold.Language == "" || len(d.Gold.Subprocessors) == 0 {
			t.Errorf("%s: language %q, %d rows", d.Name, d.Gold.Language, len(d.Gold.Subprocessors))
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing file: %v", err)
	}
}
