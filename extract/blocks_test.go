package extract

import (
	"reflect"
	"testing"
)

// TestBlocks covers address blocks and name-heading blocks as documents write
// them: Markdown hard line breaks and bold names, plain-text name lines over a
// paragraph, addresses without a postcode pattern.
func TestBlocks(t *testing.T) {
	type row struct{ Name, Address, Purpose, RegNo, DataCategories string }
	tests := []struct {
		name, lang, text string
		want             []row
	}{
		{
			name: "markdown address blocks with backslash and two-space breaks", lang: "en",
			text: "## Sub-processors\n\n" +
				"**Fernhollow Hosting Ltd**\\\n12 Merchant Quay\\\nDublin 8\\\nIreland\\\nCompany no.: 604411\n\nHosting of the platform.\n\n" +
				"**Quellbrunn Mailer GmbH**  \nBahnhofstraße 41  \n80335 München  \nGermany\n\nE-mail delivery.\n",
			want: []row{
				{Name: "Fernhollow Hosting Ltd", Address: "12 Merchant Quay, Dublin 8, Ireland", Purpose: "Hosting of the platform.", RegNo: "604411"},
				{Name: "Quellbrunn Mailer GmbH", Address: "Bahnhofstraße 41, 80335 München, Germany", Purpose: "E-mail delivery."},
			},
		},
		{
			name: "bold name without legal form over a postcode address", lang: "fr",
			text: "## Sous-traitants ultérieurs\n\n" +
				"**Vermeille Messaging**\n51 boulevard Haussmann\n13001 Marseille\nFrance\nN° d'immatriculation: 608 038 576\n\nEnvoi de SMS.\n",
			want: []row{{Name: "Vermeille Messaging", Address: "51 boulevard Haussmann, 13001 Marseille, France", Purpose: "Envoi de SMS.", RegNo: "608 038 576"}},
		},
		{
			name: "name with alias above a street, postcode and country", lang: "en",
			text: "Sub-processors\n\nWe use the following sub-processors:\n\n" +
				"Thornbury Analytics Ltd (Thornbury)\n137 Princes Street\nManchester M3 5DE\nUnited Kingdom\n\nUsage analytics.\n",
			want: []row{{Name: "Thornbury Analytics Ltd (Thornbury)", Address: "137 Princes Street, Manchester M3 5DE, United Kingdom", Purpose: "Usage analytics."}},
		},
		{
			name: "plain-text name lines over paragraphs, labelled lines after", lang: "it",
			text: "Sub-responsabili\n\nIl Titolare autorizza il Responsabile ad avvalersi dei sub-responsabili elencati di seguito.\n\n" +
				"Beauchêne Invoicing SARL\n\nEmissione delle fatture.\n\n" +
				"Pietrabianca Logs S.p.A.\n\nMonitoraggio degli errori.\n\nTipologia di dati: Nome, indirizzo e-mail\n\n" +
				"Modrzewiak Signatures Sp. z o.o. (Modrzewiak)\n\nFirma elettronica dei contratti.\n\n" +
				"Contattaci\n\nPer domande scrivete a privacy@example.it.\n",
			want: []row{
				{Name: "Beauchêne Invoicing SARL", Purpose: "Emissione delle fatture."},
				{Name: "Pietrabianca Logs S.p.A.", Purpose: "Monitoraggio degli errori.", DataCategories: "Nome, indirizzo e-mail"},
				{Name: "Modrzewiak Signatures Sp. z o.o. (Modrzewiak)", Purpose: "Firma elettronica dei contratti."},
			},
		},
		{
			name: "plain name lines mixed with markdown name headings (PDF rendering)", lang: "pt",
			text: "## Subcontratantes ulteriores\n\nAs seguintes entidades tratam dados pessoais na qualidade de subcontratantes ulteriores.\n\n" +
				"Maresia Ledger S.A.\n\nEmissão de faturas.\n\n" +
				"### Søndervig Post Systems A/S (Søndervig)\n\nEnvio de e-mails.\n\n" +
				"Cedarline Metrics Inc.\n\nAnálise da utilização.\n",
			want: []row{
				{Name: "Maresia Ledger S.A.", Purpose: "Emissão de faturas."},
				{Name: "Søndervig Post Systems A/S (Søndervig)", Purpose: "Envio de e-mails."},
				{Name: "Cedarline Metrics Inc.", Purpose: "Análise da utilização."},
			},
		},
		{
			name: "a title taken for a name does not hide the section below it", lang: "sv",
			text: "# Integritetspolicy för Nimbo\n\nSenast uppdaterad: 12 augusti 2022\n\n## 6. Anlitade underbiträden\n\n" +
				"Björkvik Software AB anlitar följande underbiträden:\n\n" +
				"Mälarö Logs AB\nGötgatan 148\n719 21 Uppsala\n\nLoggning.\n",
			want: []row{{Name: "Mälarö Logs AB", Address: "Götgatan 148, 719 21 Uppsala", Purpose: "Loggning."}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := extractText(t, tt.lang, tt.text)
			var got []row // raw names: the normaliser splits off "(alias)"
			for _, r := range res.Records {
				got = append(got, row{Name: r.Name, Address: r.Address, Purpose: r.Purpose, RegNo: r.RegNo, DataCategories: r.DataCategories})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestBlocksPrecision: short lines in or out of a sub-processor section are no
// rows without the evidence of a legal form and a sibling of the same shape.
func TestBlocksPrecision(t *testing.T) {
	tests := []struct{ name, lang, text string }{
		{
			name: "one company line with a paragraph, no sibling", lang: "de",
			text: "Unterauftragsverarbeiter\n\nWir setzen folgende Unterauftragsverarbeiter ein.\n\nHainbuche Rechenzentrum GmbH\n\nBetrieb der Server.\n\nKontakt\n\nSchreiben Sie uns.\n",
		},
		{
			name: "plain headings without legal forms", lang: "en",
			text: "Sub-processors\n\nWe use the following sub-processors.\n\nHosting\n\nOur servers run in Ireland.\n\nSupport\n\nWe answer e-mails within a day.\n",
		},
		{
			name: "company name lines outside any sub-processor section", lang: "en",
			text: "Parties\n\nAcme Widgets Ltd\n\nThe customer, a company registered in England.\n\nBolt Analytics Inc.\n\nThe supplier, a company registered in Delaware.\n",
		},
		{
			name: "publisher contact block after the list section closed", lang: "en",
			text: "## Sub-processors\n\nWe use no sub-processors at the moment.\n\n## Contact\n\n**Larkspur Rota Ltd**  \n7 Canal Street  \nManchester M1 3HE  \nUnited Kingdom\n\nWrite to us with any question.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := names(extractText(t, tt.lang, tt.text).Records); len(got) != 0 {
				t.Errorf("got rows %q, want none", got)
			}
		})
	}
}

func TestStreetToCountry(t *testing.T) {
	v, err := vocabFor("en")
	if err != nil {
		t.Fatal(err)
	}
	d := newDoc("Kestrel Ledger Ltd\n124 Baggot Street Lower\nCork\nIreland\n\nA paragraph.\n", v)
	for i, want := range []bool{false, true, true, false, false, false} {
		if got := d.streetToCountry(i); got != want {
			t.Errorf("line %d %q: got %v, want %v", i+1, d.lines[i].text, got, want)
		}
	}
}

func TestHasLegalForm(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Kestrel Cloud Ltd", true},
		{"**Grünewald Accounting S.à r.l.**", true},
		{"Søndervig Post Systems A/S (Søndervig)", true},
		{"Burren Storage Technologies DAC", true},
		{"Alvorecer Customer Systems Lda.", true},
		{"Hosting of the platform", false},
		{"Dublin 4", false},
	}
	for _, tt := range tests {
		if got := hasLegalForm(tt.in); got != tt.want {
			t.Errorf("hasLegalForm(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
