package normalize

import (
	"strings"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/rules"
)

// Record normalises one raw row. rs is the rule set of the document's language
// (nil when unknown); the country names, legal phrases and location words of
// every other language count too, since documents mix languages.
//
//   - Name, Address, Purpose, DataCategories: Text (HTML gone, whitespace
//     collapsed); the name split from its aliases by SplitAlias.
//   - RegNo: the number as written without its label; RegNoValid from its
//     country's check digit (RegNo).
//   - Country: the countries of raw.Country, else the country of the address
//     (CountryOfAddress), helped by the registration number.
//   - Location: Locations of raw.Location, else of the storage phrases in the
//     purpose and notes.
//   - LegalBasis: LegalBases of raw.LegalBasis and of the purpose and notes.
//
// Raw and Prov are copied. Record never panics.
func Record(raw subproc.RawRecord, rs *rules.Set) subproc.Record {
	c := compile(rs)
	name, aliases := SplitAlias(raw.Name)
	reg := parseRegNo(raw.RegNo)
	address := Text(raw.Address)
	purpose := Text(raw.Purpose)
	// The purpose and notes, read for legal bases and locations.
	text := &matchText{s: purpose}
	if len(raw.Notes) > 0 {
		text.s = Text(raw.Purpose + " " + strings.Join(raw.Notes, " "))
	}
	r := subproc.Record{
		Name:           name,
		Aliases:        aliases,
		RegNo:          reg.clean,
		Address:        address,
		Purpose:        purpose,
		LegalBasis:     c.legalBases(Text(raw.LegalBasis), text),
		Location:       c.locations(Text(raw.Location), text),
		DataCategories: Text(raw.DataCategories),
		RegNoValid:     reg.valid,
		Raw:            raw,
		Prov:           raw.Prov,
	}
	if raw.Country != "" {
		r.Country = Countries(raw.Country, rs)
	}
	if len(r.Country) == 0 {
		r.Country = CountryOfAddress(address, raw.RegNo, rs)
	}
	return r
}
