package extract

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/subproc/subproc"
)

func extractText(tb testing.TB, lang, text string) *Result {
	tb.Helper()
	res, err := Extract(context.Background(), &subproc.Document{Path: "t.txt", Text: text, Language: lang})
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

func names(recs []subproc.RawRecord) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.Name)
	}
	return out
}

func TestLayouts(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             []subproc.RawRecord // Name and the fields set here are compared
		layout           string
	}{
		{
			name: "tab table with repeated header and continuation", lang: "da", layout: "tab-table",
			text: "Bilag B Underdatabehandlere\n\nNavn\tCVR\tFormål\tLand\nHetzner Online GmbH\tDE812871812\tServerdrift\tTyskland\nVisma Dinero ApS\t29403473\tBogføring\tDanmark\n\f\nNavn\tCVR\tFormål\tLand\n\t\tog fakturering\t\nTwilio Ireland Limited\t\tSMS\tIrland\nZoom Video Communications\t\t\t\n",
			want: []subproc.RawRecord{
				{Name: "Hetzner Online GmbH", RegNo: "DE812871812", Purpose: "Serverdrift", Country: "Tyskland"},
				{Name: "Visma Dinero ApS", RegNo: "29403473", Purpose: "Bogføring og fakturering", Country: "Danmark"},
				{Name: "Twilio Ireland Limited", Purpose: "SMS", Country: "Irland"},
				{Name: "Zoom Video Communications"},
			},
		},
		{
			name: "two purpose columns joined as sentences", lang: "nb", layout: "tab-table",
			text: "Underdatabehandlere\n\nLeverandør\tFunksjon\tBeskrivelse\nPostmark\tE-post\tSender varsler til brukere.\n",
			want: []subproc.RawRecord{{Name: "Postmark", Purpose: "E-post. Sender varsler til brukere."}},
		},
		{
			name: "markdown table with html and links", lang: "en", layout: "md-table",
			text: "## Sub-processors\n\n| Name | Purpose | Country |\n|---|---|---|\n| [Stripe Payments Europe Limited](https://stripe.com) | Payments<br>and refunds | Ireland |\n| **Mailgun Technologies Inc.** | E-mail delivery | USA |\n",
			want: []subproc.RawRecord{
				{Name: "Stripe Payments Europe Limited", Purpose: "Payments<br>and refunds", Country: "Ireland"},
				{Name: "Mailgun Technologies Inc.", Purpose: "E-mail delivery", Country: "USA"},
			},
		},
		{
			name: "rst grid table with wrapped cells", lang: "en", layout: "rst-grid-table",
			text: "Sub-processors\n==============\n\n+-----------+--------------+\n| Name      | Purpose      |\n+===========+==============+\n| Sentry    | Error        |\n|           | monitoring   |\n+-----------+--------------+\n| Netlify   | Hosting      |\n+-----------+--------------+\n",
			want: []subproc.RawRecord{{Name: "Sentry", Purpose: "Error monitoring"}, {Name: "Netlify", Purpose: "Hosting"}},
		},
		{
			name: "rst simple table", lang: "en", layout: "rst-simple-table",
			text: "Sub-processors\n--------------\n\n=========  =========  ========\nName       Purpose    Country\n=========  =========  ========\nCloudflare CDN        USA\nHetzner    Hosting    Germany\n=========  =========  ========\n",
			want: []subproc.RawRecord{{Name: "Cloudflare", Purpose: "CDN", Country: "USA"}, {Name: "Hetzner", Purpose: "Hosting", Country: "Germany"}},
		},
		{
			name: "split header, one-line rows, description below", lang: "en", layout: "split-header",
			text: "Sub-processors\n\nName\nCompany no.\nAddress Description\nAcme Mail Ltd 08123456 1 Long Lane, London EC1A 9HF\n\nSends our newsletters.\n\nBeta Cloud Oy 2345678-9 Mannerheimintie 2, 00100 Helsinki\n\nHosts backups.\n",
			want: []subproc.RawRecord{
				{Name: "Acme Mail Ltd", RegNo: "08123456", Address: "1 Long Lane, London EC1A 9HF", Purpose: "Sends our newsletters."},
				{Name: "Beta Cloud Oy", RegNo: "2345678-9", Address: "Mannerheimintie 2, 00100 Helsinki", Purpose: "Hosts backups."},
			},
		},
		{
			name: "key-value blocks with footnote", lang: "sv", layout: "kv-block",
			text: "Våra underbiträden\n\nFortnox AB*\nÄndamål: Bokföring\nLagringsplats: Sverige\n\nTelia Sverige AB\n\nÄndamål: SMS-utskick\n\n* Överföring sker med stöd av standardavtalsklausuler.\n",
			want: []subproc.RawRecord{
				{Name: "Fortnox AB*", Purpose: "Bokföring", Location: "Sverige", Notes: []string{"Överföring sker med stöd av standardavtalsklausuler."}},
				{Name: "Telia Sverige AB", Purpose: "SMS-utskick"},
			},
		},
		{
			name: "address block with data-category list", lang: "da", layout: "address-block",
			text: "Vi anvender følgende underdatabehandlere.\n\nNets Denmark A/S\nKlausdalsbrovej 601\n2750 Ballerup\nCVR-nr. 20016175\nTlf. +45 44 68 44 68\n\nNets håndterer kortbetalinger.\n\nFølgende personoplysninger behandles:\n- Navn\n- Kortnummer\n",
			want: []subproc.RawRecord{{Name: "Nets Denmark A/S", RegNo: "20016175", Address: "Klausdalsbrovej 601, 2750 Ballerup", Purpose: "Nets håndterer kortbetalinger.", DataCategories: "Navn, Kortnummer"}},
		},
		{
			name: "markdown headings per sub-processor", lang: "en", layout: "heading-block",
			text: "# Sub-processors\n\n## Twilio Ireland Limited\n\nTwilio sends SMS codes.\n\nLocation: Ireland\n\n## Zendesk Inc.\n\nZendesk runs our help desk.\n",
			want: []subproc.RawRecord{{Name: "Twilio Ireland Limited", Purpose: "Twilio sends SMS codes.", Location: "Ireland"}, {Name: "Zendesk Inc.", Purpose: "Zendesk runs our help desk."}},
		},
		{
			name: "bullet list name - purpose (country)", lang: "nb", layout: "list",
			text: "Vi bruker disse underdatabehandlerne:\n\n- **Visma Software AS** – lønn og regnskap (Norge)\n- Google Cloud EMEA Limited - drift av tjenesten\n",
			want: []subproc.RawRecord{{Name: "Visma Software AS", Purpose: "lønn og regnskap", Country: "Norge"}, {Name: "Google Cloud EMEA Limited", Purpose: "drift av tjenesten"}},
		},
		{
			name: "dash-delimited table", lang: "sv", layout: "dash-table",
			text: "Våra underbiträden\n\nLeverantör – Tjänst – Lagringsplats\n\nTink AB – Kontoinformation – Sverige\nScrive AB – E-signering – Sverige\n",
			want: []subproc.RawRecord{{Name: "Tink AB", Purpose: "Kontoinformation", Location: "Sverige"}, {Name: "Scrive AB", Purpose: "E-signering", Location: "Sverige"}},
		},
		{
			name: "parenthesis convention: stored where", lang: "nb", layout: "list",
			text: "Underdatabehandlere\n\nSted i parentes angir hvor personopplysningene lagres.\n\n- Signicat AS – e-signering (Oslo, Norge)\n- Zendesk Inc. – kundestøtte\n",
			want: []subproc.RawRecord{{Name: "Signicat AS", Purpose: "e-signering", Location: "Oslo, Norge"}, {Name: "Zendesk Inc.", Purpose: "kundestøtte"}},
		},
		{
			name: "location heading above a table", lang: "nn", layout: "md-table",
			text: "# Underhandsamarar\n\n## Utanfor EU/EØS\n\n| Namn | Føremål |\n|---|---|\n| Zendesk Inc. | Kundeservice |\n",
			want: []subproc.RawRecord{{Name: "Zendesk Inc.", Purpose: "Kundeservice", Location: "Utanfor EU/EØS"}},
		},
		{
			name: "block named by a label, several footnote markers", lang: "en", layout: "kv-block",
			text: "Sub-processors\n\nVendor: Netlify, Inc. [1] [2]\nPurpose: Web hosting\n\n[1] Certified under the Data Privacy Framework.\n[2] Standard Contractual Clauses apply.\n",
			want: []subproc.RawRecord{{Name: "Netlify, Inc. [1] [2]", Purpose: "Web hosting", Notes: []string{"Certified under the Data Privacy Framework.", "Standard Contractual Clauses apply."}}},
		},
		{
			name: "list packed into a sentence", lang: "en", layout: "inline-list",
			text: "Sub-processors\n\nWe use Amazon Web Services EMEA SARL (LU; hosting), Twilio Ireland Limited (Ireland; SMS codes) and Zendesk Inc. (US; support).\n",
			want: []subproc.RawRecord{
				{Name: "Amazon Web Services EMEA SARL", Country: "LU", Purpose: "hosting"},
				{Name: "Twilio Ireland Limited", Country: "Ireland", Purpose: "SMS codes"},
				{Name: "Zendesk Inc.", Country: "US", Purpose: "support"},
			},
		},
		{
			name: "items written Name. Purpose.", lang: "en", layout: "list",
			text: "Sub-processors\n\n- Stripe. Payment processing.\n- Postmark. Transactional e-mail.\n",
			want: []subproc.RawRecord{{Name: "Stripe", Purpose: "Payment processing."}, {Name: "Postmark", Purpose: "Transactional e-mail."}},
		},
		{
			name: "sentence about the whole list", lang: "sv", layout: "list",
			text: "Underbiträden\n\nSamtliga underbiträden nedan lagrar data inom EU/EES.\n\n- Fortnox AB – bokföring\n- Telia Sverige AB – SMS\n",
			want: []subproc.RawRecord{
				{Name: "Fortnox AB", Purpose: "bokföring", Notes: []string{"Samtliga underbiträden nedan lagrar data inom EU/EES."}},
				{Name: "Telia Sverige AB", Purpose: "SMS", Notes: []string{"Samtliga underbiträden nedan lagrar data inom EU/EES."}},
			},
		},
		{
			name: "definition list", lang: "en", layout: "definition-list",
			text: "Our sub-processors\n\nSendGrid\n: Transactional e-mail\n: Country: USA\n\nHotjar Ltd\n: Usage analytics\n",
			want: []subproc.RawRecord{{Name: "SendGrid", Purpose: "Transactional e-mail", Country: "USA"}, {Name: "Hotjar Ltd", Purpose: "Usage analytics"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := extractText(t, tt.lang, tt.text)
			if len(res.Records) != len(tt.want) {
				t.Fatalf("got %d rows %q, want %d", len(res.Records), names(res.Records), len(tt.want))
			}
			for i, w := range tt.want {
				g := res.Records[i]
				if g.Prov.Layout != tt.layout {
					t.Errorf("row %d layout %q, want %q", i, g.Prov.Layout, tt.layout)
				}
				if g.Prov.LineStart == 0 || g.Prov.LineEnd < g.Prov.LineStart {
					t.Errorf("row %d provenance lines %d-%d", i, g.Prov.LineStart, g.Prov.LineEnd)
				}
				g.Prov = subproc.Provenance{}
				if strings.Join(g.Notes, "|") != strings.Join(w.Notes, "|") {
					t.Errorf("row %d notes %q, want %q", i, g.Notes, w.Notes)
				}
				g.Notes, w.Notes = nil, nil
				if !reflect.DeepEqual(g, w) {
					t.Errorf("row %d\n got %+v\nwant %+v", i, g, w)
				}
			}
		})
	}
}

func TestNotSubprocessors(t *testing.T) {
	tests := []struct{ name, lang, text string }{
		{"clause without list", "da", "7. Anvendelse af underdatabehandlere\n\nDatabehandleren må ikke gøre brug af en underdatabehandler uden forudgående godkendelse.\n\n8. Overførsel\n\nOverførsel sker kun efter instruks.\n"},
		{"table of contents names the annex", "da", "Indhold\n\nBilag B Underdatabehandlere.....\t11\n\nNavn\tStilling\nJens Hansen\tDirektør\n"},
		{"contact person table", "da", "Underdatabehandlere\n\nNavn\tSøren Jensen\nStilling\tDPO\nTelefonnummer\t+45 12345678\n"},
		{"list of data categories", "en", "Sub-processors process the following personal data:\n\n- Name\n- E-mail address\n"},
		{"publisher group in preamble", "sv", "Exempel Holding AB (556000-0001) med dotterbolaget Exempel Drift AB (556000-0002).\n\nUnderbiträden\n\nExempel Drift AB\nOrg.nr: 556000-0002\n"},
		{"negated section word", "da", "6.3 Andre modtagere\n\nFølgende modtagere er selvstændigt dataansvarlige og er ikke underdatabehandlere:\n\n- Skattestyrelsen – indberetning\n- Beierholm Revision A/S – revision af årsregnskab\n"},
		{"phrases are not names", "en", "How we select sub-processors\n\n1. Security review – we assess the vendor\n2. Contract – we sign a DPA\n3. Annual check – we review it\n"},
		{"company introduced with its number", "da", "Underdatabehandlere\n\nAcme A/S (CVR 40 12 77 85) og Acme Betaling ApS (CVR 40 98 31 06) driver tjenesten.\n"},
		{"list ends at next annex", "da", "Bilag B Underdatabehandlere\n\nIngen.\n\nBilag C Instruks\n\n- Daglig backup\n- Kryptering\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extractText(t, tt.lang, tt.text).Records; len(got) != 0 {
				t.Errorf("got rows %q, want none", names(got))
			}
		})
	}
}

func TestLanguageFallback(t *testing.T) {
	// English headers in a Danish document, and an unknown language.
	for _, lang := range []string{"da", "", "xx"} {
		res := extractText(t, lang, "Underdatabehandlere\n\nName\tPurpose\tCountry\nHetzner Online GmbH\tHosting\tGermany\n")
		if len(res.Records) != 1 || res.Records[0].Purpose != "Hosting" {
			t.Errorf("lang %q: got %+v", lang, res.Records)
		}
		if res.Rules == nil {
			t.Errorf("lang %q: no rule set", lang)
		}
	}
}

func TestLineHelpers(t *testing.T) {
	toc := []struct {
		s    string
		want bool
	}{
		{"Bilag B Underdatabehandlere.....\t11", true},
		{"Underleverantörer\t9", true},
		{"7. Anvendelse af underdatabehandlere . . . . 5", true},
		{"Hetzner\tHosting\tTyskland", false},
		{"Data lagres i EU i 30 dager", false},
	}
	for _, tt := range toc {
		if got := isTOC(tt.s); got != tt.want {
			t.Errorf("isTOC(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
	inline := []struct{ in, want string }{
		{"**Stripe**", "Stripe"},
		{"[Mailgun](https://mailgun.com)", "Mailgun"},
		{"*Zoom Video Communications*", "Zoom Video Communications"},
		{"`Sentry`", "Sentry"},
		{"AT&T", "AT&T"},
	}
	for _, tt := range inline {
		if got := cleanInline(tt.in); got != tt.want {
			t.Errorf("cleanInline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHeaderMatching(t *testing.T) {
	v, err := vocabFor("nb")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		header string
		want   subproc.Field
	}{
		{"Databehandlere", subproc.FieldName},
		{"Juridisk grunnlag for behandling utenfor EU", subproc.FieldLegalBasis},
		{"Funksjonsbeskrivelse", subproc.FieldPurpose},
		{"SELSKABS REG. NO.", subproc.FieldRegNo},
		{"Transfer mechanism", subproc.FieldLegalBasis},
		{"Fysisk lagringsplats", subproc.FieldLocation},
		{"Oppdateret", ""},
	}
	for _, tt := range tests {
		got, _ := v.field(tt.header)
		if got != tt.want {
			t.Errorf("field(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("Underdatabehandlere\n\nNavn\tFormål\nA\tB\n")
	f.Add("## Sub-processors\n\n| a | b |\n|---|---|\n| c |\n")
	f.Add("+--+\n| x|\n+==+\n")
	f.Add("===  ===\na    b\n===\n")
	f.Add("Underbiträden\n\nX AB*\nÄndamål: y\n\n* fotnot\n")
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{"da", "en"} {
			res, err := Extract(context.Background(), &subproc.Document{Text: s, Language: lang})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res.Records {
				if r.Name == "" {
					t.Fatalf("row without a name: %+v", r)
				}
			}
		}
	})
}
