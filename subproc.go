// Package subproc holds the vocabulary every stage of the pipeline shares:
// documents, raw and normalised sub-processor records, statuses and the
// closed vocabularies (fields, legal bases, location codes).
package subproc

import (
	"bytes"
	"encoding/json"
	"time"
)

// Format is the kind of a source document, decided by sniffing its bytes and name.
type Format string

// Formats subproc reads.
const (
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
	FormatRST      Format = "rst"
	FormatHTML     Format = "html"
	FormatPDF      Format = "pdf"
)

// Status is the outcome of one document in a run.
type Status string

// Document statuses. Failed documents carry a reason in Document.Err.
const (
	StatusOK          Status = "ok"          // rows found and stored
	StatusNoList      Status = "no_list"     // no sub-processor list found (zero rows, not an error)
	StatusUnchanged   Status = "unchanged"   // same SHA-256 as the stored latest version
	StatusFailed      Status = "failed"      // could not be read, decoded or extracted
	StatusUnsupported Status = "unsupported" // not a format subproc reads
)

// StatusText is the human wording of a status, as the summary and the store show it.
func (s Status) Text() string {
	switch s {
	case StatusNoList:
		return "no sub-processor list found"
	case StatusUnchanged:
		return "unchanged since last ingest"
	}
	return string(s)
}

// Field names a column of a sub-processor row; the strings are the JSON keys of the gold schema.
type Field string

// The fields of a sub-processor row.
const (
	FieldName           Field = "name"
	FieldAliases        Field = "aliases"
	FieldRegNo          Field = "reg_no"
	FieldAddress        Field = "address"
	FieldCountry        Field = "country"
	FieldPurpose        Field = "purpose"
	FieldLegalBasis     Field = "legal_basis"
	FieldLocation       Field = "location"
	FieldDataCategories Field = "data_categories"
)

// Fields lists every field in schema order.
var Fields = []Field{FieldName, FieldAliases, FieldRegNo, FieldAddress, FieldCountry,
	FieldPurpose, FieldLegalBasis, FieldLocation, FieldDataCategories}

// Filled reports whether field f of r has a value: a non-empty string or list.
func (r *Record) Filled(f Field) bool {
	switch f {
	case FieldName:
		return r.Name != ""
	case FieldAliases:
		return len(r.Aliases) > 0
	case FieldRegNo:
		return r.RegNo != ""
	case FieldAddress:
		return r.Address != ""
	case FieldCountry:
		return len(r.Country) > 0
	case FieldPurpose:
		return r.Purpose != ""
	case FieldLegalBasis:
		return len(r.LegalBasis) > 0
	case FieldLocation:
		return len(r.Location) > 0
	case FieldDataCategories:
		return r.DataCategories != ""
	}
	return false
}

// FieldCounts says, for every field of Fields, how many rows have it filled.
type FieldCounts map[Field]int

// CountFields counts the rows of recs that have each field filled; every
// field is in the result, 0 included.
func CountFields(recs []Record) FieldCounts {
	c := make(FieldCounts, len(Fields))
	for _, f := range Fields {
		n := 0
		for i := range recs {
			if recs[i].Filled(f) {
				n++
			}
		}
		c[f] = n
	}
	return c
}

// LegalBasis is one value of the fixed transfer-mechanism vocabulary.
type LegalBasis = string

// The legal-basis vocabulary.
const (
	LegalSCC           LegalBasis = "SCC"
	LegalBCR           LegalBasis = "BCR"
	LegalAdequacy      LegalBasis = "adequacy"
	LegalDPF           LegalBasis = "DPF"
	LegalPrivacyShield LegalBasis = "privacy_shield"
	LegalArt46         LegalBasis = "art46"
	LegalConsent       LegalBasis = "consent"
	LegalOther         LegalBasis = "other"
)

// LegalBases lists the vocabulary in a fixed order (the order normalised values are sorted in).
var LegalBases = []LegalBasis{LegalSCC, LegalBCR, LegalAdequacy, LegalDPF, LegalPrivacyShield,
	LegalArt46, LegalConsent, LegalOther}

// Location codes beyond ISO 3166-1 alpha-2 country codes.
const (
	LocationEU    = "EU"    // EU/EEA
	LocationWorld = "WORLD" // outside the EU/EEA, unspecified, or worldwide
)

// Document is one source document moving through the pipeline. Each stage fills
// its part: read (Path..SHA256, Raw), decode (Text, Encoding), detect
// (Language), extract (Publisher, Status).
type Document struct {
	Path     string    // file path or URL as given
	Format   Format    // sniffed format
	Size     int64     // bytes on disk
	ModTime  time.Time // modification time, zero for URLs
	SHA256   string    // hex SHA-256 of Raw
	Raw      []byte    // the bytes as read
	Text     string    // decoded UTF-8 text, "\n" line ends
	Encoding string    // charset Raw was decoded from ("utf-8", "utf-16le", "windows-1252", ...)

	Boxes []Box // for PDFs: the page box of each line of Text (index = line - 1); nil otherwise

	Language           string  // ISO 639-1 code, "" if undetermined
	LanguageConfidence float64 // 0..1
	Publisher          string  // the document's publisher when it names itself, else its source's vendor

	Fetch *Fetch // for a document read from a URL: the HTTP evidence; nil for files
}

// Provenance says where in its document a row came from and which layout rule produced it.
type Provenance struct {
	Page      int    `json:"page,omitempty"`     // 1-based first page, 0 for documents without pages
	PageEnd   int    `json:"page_end,omitempty"` // last page when the row continues on later pages
	LineStart int    `json:"line_start"`         // 1-based first line of the row in Document.Text
	LineEnd   int    `json:"line_end"`           // 1-based last line, inclusive
	Layout    string `json:"layout"`             // the layout that produced the row: "table", "kv-block", ...
	Box       *Box   `json:"box,omitempty"`      // PDFs: the row's box on its first page
}

// Box is a rectangle on a page in PDF points, origin at the bottom-left corner.
type Box struct {
	Page           int `json:"page"`
	X0, Y0, X1, Y1 float64
}

// RawRecord is a sub-processor row as the document writes it, before normalisation.
// Every field is the text of its cell, label or paragraph; empty when absent.
type RawRecord struct {
	Name           string   // as written: may carry "(Alias)", footnote markers, markup
	RegNo          string   // registration number text
	Address        string   // address lines joined with ", "
	Country        string   // text of an explicit country column or label
	Purpose        string   // purpose / description text, paragraphs joined with " "
	LegalBasis     string   // text of an explicit legal-basis column or label
	Location       string   // text of an explicit location column or label
	DataCategories string   // data categories text
	Notes          []string // footnotes and list-wide statements that apply to this row
	Prov           Provenance
}

// Record is a normalised sub-processor row. Its JSON form is the gold schema
// (shared/seeds/GOLD-SCHEMA.md): empty strings are null, nil slices are [].
type Record struct {
	Name           string
	Aliases        []string
	RegNo          string
	Address        string
	Country        []string // ISO 3166-1 alpha-2
	Purpose        string
	LegalBasis     []LegalBasis
	Location       []string // ISO codes, LocationEU, LocationWorld
	DataCategories string

	RegNoValid *bool      // nil: no validator for the number's country; else the check-digit result
	Raw        RawRecord  // the values before normalisation
	Prov       Provenance // where the row came from
}

type recordJSON struct {
	Name           string   `json:"name"`
	Aliases        []string `json:"aliases"`
	RegNo          *string  `json:"reg_no"`
	Address        *string  `json:"address"`
	Country        []string `json:"country"`
	Purpose        *string  `json:"purpose"`
	LegalBasis     []string `json:"legal_basis"`
	Location       []string `json:"location"`
	DataCategories *string  `json:"data_categories"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// MarshalJSON writes the gold-schema form of r.
//
// Characters that HTML treats specially stay as they are ("R&D", not
// "R\u0026D"), as in the gold files; an encoder that escapes HTML (plain
// json.Marshal) escapes them again around it.
func (r Record) MarshalJSON() ([]byte, error) {
	return marshalPlain(recordJSON{
		Name: r.Name, Aliases: nonNil(r.Aliases), RegNo: nullable(r.RegNo),
		Address: nullable(r.Address), Country: nonNil(r.Country), Purpose: nullable(r.Purpose),
		LegalBasis: nonNil(r.LegalBasis), Location: nonNil(r.Location),
		DataCategories: nullable(r.DataCategories),
	})
}

// marshalPlain is json.Marshal without HTML escaping.
func marshalPlain(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte{'\n'}), err
}

// UnmarshalJSON reads the gold-schema form; missing keys leave zero values.
func (r *Record) UnmarshalJSON(b []byte) error {
	var j recordJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*r = Record{Name: j.Name, Aliases: j.Aliases, RegNo: deref(j.RegNo), Address: deref(j.Address),
		Country: j.Country, Purpose: deref(j.Purpose), LegalBasis: j.LegalBasis,
		Location: j.Location, DataCategories: deref(j.DataCategories)}
	return nil
}

// Extraction is the result for one document in the gold-schema form that
// `subproc extract` prints and gold files hold.
type Extraction struct {
	Document      string   `json:"document"`  // base name of the source file
	Language      string   `json:"language"`  // ISO 639-1
	Publisher     string   `json:"publisher"` // "" when the document does not name itself
	Subprocessors []Record `json:"subprocessors"`
	Notes         string   `json:"notes,omitempty"`
}

// MarshalJSON keeps subprocessors an array even when empty, and "&", "<"
// and ">" as they are (see Record.MarshalJSON).
func (e Extraction) MarshalJSON() ([]byte, error) {
	type plain Extraction
	p := plain(e)
	if p.Subprocessors == nil {
		p.Subprocessors = []Record{}
	}
	return marshalPlain(p)
}

// EntityRow is a stored sub-processor row as entity resolution reads it.
type EntityRow struct {
	ID         int64 // the row's id in the store
	Name       string
	Aliases    []string
	RegNo      string
	RegNoValid *bool
}

// Entity is one sub-processor across documents: the rows that name it and the
// links that made them one.
type Entity struct {
	Name    string       // canonical display name: the most frequent name of the rows, ties to the longest
	Key     string       // the entity key of Name (normalize.EntityKey)
	Members []int64      // ids of the rows, ascending
	Links   []EntityLink // why the rows are one entity; none for an entity of one row
}

// EntityLink says why two rows are the same entity.
type EntityLink struct {
	From, To int64    // row ids
	Kind     LinkKind // what matched
	Evidence string   // the matching values as the rows write them
}

// LinkKind is what two rows of one entity share.
type LinkKind string

// Link kinds, strongest first.
const (
	LinkRegNo LinkKind = "reg_no" // the same registration number (letters and digits)
	LinkName  LinkKind = "name"   // the same entity key of the name
	LinkAlias LinkKind = "alias"  // an alias of one row is the name or an alias of the other
)
