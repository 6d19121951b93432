package gold

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/subproc/subproc"
)

// Entry is one gold document of a folder: its name as score.py reports it
// and the path of its gold file.
type Entry struct {
	Name string // "NAME.json" for a file, "NAME" for a folder holding gold.json
	Path string
}

// Dir lists the gold documents of dir the way score.py's docs() does, sorted by
// name: every entry whose name ends in ".json", and every sub-folder holding
// a gold.json.
func Dir(dir string) ([]Entry, error) {
	des, err := os.ReadDir(dir) // sorted by name: byte order, which is Python's code point order
	if err != nil {
		return nil, fmt.Errorf("list gold folder: %w", err)
	}
	var out []Entry
	for _, de := range des {
		n := de.Name()
		p := filepath.Join(dir, n)
		if strings.HasSuffix(n, ".json") {
			out = append(out, Entry{Name: n, Path: p})
			continue
		}
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(p, "gold.json")); err == nil {
			out = append(out, Entry{Name: n, Path: filepath.Join(p, "gold.json")})
		}
	}
	return out, nil
}

// Load reads one gold or prediction file in the gold-schema JSON form.
// It is as lenient as score.py: missing or null keys are zero values, and a
// missing "subprocessors" is no rows. Keys match exactly, as Python's dict
// lookups do: a "Name" key is not the name. Values of the keys score.py reads
// must have their schema types; the others (document, publisher, notes) are
// kept when they do and left empty when they do not.
func Load(path string) (*subproc.Extraction, error) {
	e, _, err := load(path)
	return e, err
}

// load is Load that also returns the language as score.py sees it: nil when
// the key is missing or null (Python's None).
func load(path string) (*subproc.Extraction, *string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read gold file: %w", err)
	}
	e, lang, err := decode(b)
	if err != nil {
		return nil, nil, fmt.Errorf("decode %s: %w", path, err)
	}
	return e, lang, nil
}

// Top-level keys of the gold schema.
const (
	keyDocument      = "document"
	keyLanguage      = "language"
	keyPublisher     = "publisher"
	keySubprocessors = "subprocessors"
	keyNotes         = "notes"
)

func decode(b []byte) (*subproc.Extraction, *string, error) {
	if !utf8.Valid(b) {
		return nil, nil, errors.New("not valid UTF-8") // Python's strict utf-8 read fails too
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, nil, err
	}
	if top == nil {
		return nil, nil, errors.New("not a JSON object")
	}
	e := &subproc.Extraction{}
	for k, dst := range map[string]*string{keyDocument: &e.Document, keyPublisher: &e.Publisher, keyNotes: &e.Notes} {
		if json.Unmarshal(top[k], dst) != nil {
			*dst = ""
		}
	}
	var lang *string
	if raw, ok := top[keyLanguage]; ok {
		if err := json.Unmarshal(raw, &lang); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", keyLanguage, err)
		}
		if lang != nil {
			e.Language = *lang
		}
	}
	var rows []json.RawMessage
	if raw, ok := top[keySubprocessors]; ok && json.Unmarshal(raw, &rows) != nil && !falsy(raw) {
		return nil, nil, fmt.Errorf("%s: not a JSON array", keySubprocessors)
	}
	for i, raw := range rows {
		r, err := decodeRecord(raw)
		if err != nil {
			return nil, nil, fmt.Errorf("%s[%d]: %w", keySubprocessors, i, err)
		}
		e.Subprocessors = append(e.Subprocessors, r)
	}
	return e, lang, nil
}

// decodeRecord reads one row with subproc.Record's JSON form, keeping only
// the keys spelled exactly as the schema spells them (encoding/json alone
// would match "Name" to "name").
func decodeRecord(raw json.RawMessage) (subproc.Record, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return subproc.Record{}, err
	}
	if obj == nil {
		return subproc.Record{}, errors.New("not a JSON object")
	}
	exact := make(map[string]json.RawMessage, len(subproc.Fields))
	for _, f := range subproc.Fields {
		if v, ok := obj[string(f)]; ok {
			exact[string(f)] = v
		}
	}
	b, err := json.Marshal(exact)
	if err != nil {
		return subproc.Record{}, err
	}
	var r subproc.Record
	if err := json.Unmarshal(b, &r); err != nil {
		return subproc.Record{}, err
	}
	return r, nil
}

// falsy reports whether raw is a JSON value Python treats as false (null,
// false, 0, "", {}): score.py reads such a "subprocessors" as no rows.
func falsy(raw json.RawMessage) bool {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return false
	}
	switch v := v.(type) {
	case nil:
		return true
	case bool:
		return !v
	case float64:
		return v == 0
	case string:
		return v == ""
	case map[string]any:
		return len(v) == 0
	}
	return false
}
