package extract

import (
	"reflect"
	"testing"
)

// TestAlignedTables reads space-aligned plain-text tables: columns from a rule
// of dash groups or from the header, wrapped cells joined into their row.
func TestAlignedTables(t *testing.T) {
	type row struct{ Name, Purpose, Country, Location, Address string }
	tests := []struct {
		name, lang, text string
		want             []row
	}{
		{
			name: "rule line, wrapped name and purpose", lang: "en",
			text: `Sub-processors

Sub-processor                  Purpose                         Location
----------------------------   -----------------------------   --------
Kestrel Cloud Services         Hosting of the application,     Ireland
Limited                        databases and backups
Pinewood Mail Ltd              E-mail delivery                 Germany
`,
			want: []row{
				{Name: "Kestrel Cloud Services Limited", Purpose: "Hosting of the application, databases and backups", Location: "Ireland"},
				{Name: "Pinewood Mail Ltd", Purpose: "E-mail delivery", Location: "Germany"},
			},
		},
		{
			name: "no rule, name column second, first column wraps", lang: "en",
			text: `Sub-processors

Service                        Sub-processor                 Location
Analysis of how the service    Quillon Metrics Inc.          United States
is used
Payments                       Harbourside Pay Ltd           Ireland
`,
			want: []row{
				{Name: "Quillon Metrics Inc.", Purpose: "Analysis of how the service is used", Location: "United States"},
				{Name: "Harbourside Pay Ltd", Purpose: "Payments", Location: "Ireland"},
			},
		},
		{
			name: "every cell wrapped, cell above ends with a comma", lang: "en",
			text: `Sub-processors

Company                     Address                       Purpose
-------------------------   ---------------------------   ----------------------
Summitview Sign Solutions   176 Pine Street, Floor 12,    Electronic signing of
Corp.                       Austin, TX 78794, USA         agreements
Marlow Hosting Ltd          1 Quay Street, Cork           Hosting
`,
			want: []row{
				{Name: "Summitview Sign Solutions Corp.", Address: "176 Pine Street, Floor 12, Austin, TX 78794, USA", Purpose: "Electronic signing of agreements"},
				{Name: "Marlow Hosting Ltd", Address: "1 Quay Street, Cork", Purpose: "Hosting"},
			},
		},
		{
			name: "a short name under a long one starts a new row", lang: "en",
			text: `Sub-processors

Sub-processor                  Purpose           Location
----------------------------   ---------------   --------
Glenmore Post Limited          E-mail delivery   Ireland
Acme Ltd                       Hosting
`,
			want: []row{
				{Name: "Glenmore Post Limited", Purpose: "E-mail delivery", Location: "Ireland"},
				{Name: "Acme Ltd", Purpose: "Hosting"},
			},
		},
		{
			name: "header wrapped above the rule, lower-case name wrap", lang: "pl",
			text: `Dalsze podmioty przetwarzające

Dalszy podmiot                 Cel przetwarzania        Kraj
przetwarzający
----------------------------   ----------------------   ----------
Grünewald Accounting S.à       Wystawianie faktur       Luksemburg
r.l.
Brzezina Customer Systems      Zarządzanie relacjami    Polska
`,
			want: []row{
				{Name: "Grünewald Accounting S.à r.l.", Purpose: "Wystawianie faktur", Country: "Luksemburg"},
				{Name: "Brzezina Customer Systems", Purpose: "Zarządzanie relacjami", Country: "Polska"},
			},
		},
		{
			name: "no rule, header wrapped in lower case, prose after the table", lang: "da",
			text: `Underdatabehandlere

Virksomhed                    Formål                         Kategorier af
                                                             personoplysninger
Kildevang Storage ApS         Backup                         Alle personoplysninger
Strandbo Payments Systems     Betalingsformidling            Navn, e-mailadresse,
A/S                                                          telefonnummer

Oversigten gennemgås løbende. Kunderne orienteres på forhånd om planlagte
ændringer, så de har mulighed for at gøre indsigelse.
`,
			want: []row{
				{Name: "Kildevang Storage ApS", Purpose: "Backup"},
				{Name: "Strandbo Payments Systems A/S", Purpose: "Betalingsformidling"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := extractText(t, tt.lang, tt.text)
			var got []row
			for _, r := range res.Records {
				if r.Prov.Layout != "aligned-table" {
					t.Errorf("%s: layout %q, want aligned-table", r.Name, r.Prov.Layout)
				}
				got = append(got, row{Name: r.Name, Purpose: r.Purpose, Country: r.Country, Location: r.Location, Address: r.Address})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestAlignedNotTable: prose, key-value lines and tab tables are no aligned tables.
func TestAlignedNotTable(t *testing.T) {
	v, err := vocabFor("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"Name:    Acme Ltd\nCountry:    Ireland\n",
		"Name\tPurpose\tCountry\nAcme Ltd\tHosting\tIreland\n",
		"We share data with  the following  companies when needed.\nThey process it on our behalf.\n",
	} {
		if got := v.alignedTables(splitLines(text)); len(got) != 0 {
			t.Errorf("alignedTables(%q) = %d grids, want none", text, len(got))
		}
	}
}

func TestSliceAligned(t *testing.T) {
	tests := []struct {
		line   string
		starts []int
		want   []string
		ok     bool
	}{
		{"Acme Ltd     Hosting      Ireland", []int{0, 13, 26}, []string{"Acme Ltd", "Hosting", "Ireland"}, true},
		{"Acme Ltd    Hosting        Ireland", []int{0, 13, 26}, []string{"Acme Ltd", "Hosting", "Ireland"}, true}, // one character early
		{"             databases", []int{0, 13, 26}, []string{"", "databases", ""}, true},
		{"This is a sentence of prose that runs on", []int{0, 13, 26}, nil, false},
	}
	for _, tt := range tests {
		got, ok := sliceAligned([]rune(tt.line), tt.starts)
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("sliceAligned(%q) = %q, %v, want %q, %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRuleSpans(t *testing.T) {
	if got, want := ruleSpans("-----   ---  ------"), [][2]int{{0, 5}, {8, 11}, {13, 19}}; !reflect.DeepEqual(got, want) {
		t.Errorf("ruleSpans = %v, want %v", got, want)
	}
	for _, s := range []string{"-- --", "--- text ---", "Name   Purpose"} {
		if got := ruleSpans(s); got != nil {
			t.Errorf("ruleSpans(%q) = %v, want nil", s, got)
		}
	}
}
