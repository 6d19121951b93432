package extract

import (
	"testing"

	"github.com/subproc/subproc"
)

// TestListShapes covers list items that carry more than "Name – purpose":
// an address or a country after the name, a country after the purpose,
// sentences naming one sub-processor each, and definition lists under a
// Nynorsk intro sentence.
func TestListShapes(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             []subproc.RawRecord // Name and the fields set here are compared
	}{
		{
			name: "numbered name, address – purpose", lang: "en",
			text: "Sub-processors\n\n1. Harbourline Cloud Ltd, 25 Quay Street, Dublin 2, Ireland – Hosting of the platform\n2. Vindel Mail AB, Storgatan 12, 903 26 Umeå, Sweden – Transactional e-mail\n",
			want: []subproc.RawRecord{
				{Name: "Harbourline Cloud Ltd", Address: "25 Quay Street, Dublin 2, Ireland", Purpose: "Hosting of the platform"},
				{Name: "Vindel Mail AB", Address: "Storgatan 12, 903 26 Umeå, Sweden", Purpose: "Transactional e-mail"},
			},
		},
		{
			name: "wrapped numbered name, address: purpose", lang: "en",
			text: "Sub-processors\n\n1. Harbourline Cloud Ltd, 25 Quay Street, Dublin 2, Ireland:\n   Hosting of the platform\n2. Norrsken Pay Inc., 9 Main Street, Wilmington, DE 19806, United States: Card\n   payments\n",
			want: []subproc.RawRecord{
				{Name: "Harbourline Cloud Ltd", Address: "25 Quay Street, Dublin 2, Ireland", Purpose: "Hosting of the platform"},
				{Name: "Norrsken Pay Inc.", Address: "9 Main Street, Wilmington, DE 19806, United States", Purpose: "Card payments"},
			},
		},
		{
			name: "wrapped numbered items are no address blocks", lang: "de",
			text: "Unterauftragsverarbeiter\n\n1. Donaufeld Metrics GmbH, Herrengasse 6, 8010 Graz, Österreich:\n   Nutzungsanalyse\n2. Harbourline Cloud Inc., 129 Boylston Street, Austin, TX 78743, USA:\n   Kundenbeziehungsmanagement\n",
			want: []subproc.RawRecord{
				{Name: "Donaufeld Metrics GmbH", Address: "Herrengasse 6, 8010 Graz, Österreich", Purpose: "Nutzungsanalyse"},
				{Name: "Harbourline Cloud Inc.", Address: "129 Boylston Street, Austin, TX 78743, USA", Purpose: "Kundenbeziehungsmanagement"},
			},
		},
		{
			name: "bullets name – purpose – country", lang: "sv",
			text: "Underbiträden\n\n- Harbourline Cloud Ltd – Drift av plattformen – Irland\n- Vindel Mail AB – Utskick av e-post – Sverige\n",
			want: []subproc.RawRecord{
				{Name: "Harbourline Cloud Ltd", Purpose: "Drift av plattformen", Country: "Irland"},
				{Name: "Vindel Mail AB", Purpose: "Utskick av e-post", Country: "Sverige"},
			},
		},
		{
			name: "bullets name, country – purpose", lang: "da",
			text: "Underdatabehandlere\n\n- Harbourline Cloud Ltd, Irland – Drift af platformen\n- Vindel Signatures AB, Sverige – Digital signatur\n",
			want: []subproc.RawRecord{
				{Name: "Harbourline Cloud Ltd", Purpose: "Drift af platformen", Country: "Irland"},
				{Name: "Vindel Signatures AB", Purpose: "Digital signatur", Country: "Sverige"},
			},
		},
		{
			name: "a purpose ending in a non-country keeps its dash", lang: "en",
			text: "Sub-processors\n\n- Harbourline Cloud Ltd – Hosting – primary region\n- Vindel Mail AB – E-mail\n",
			want: []subproc.RawRecord{
				{Name: "Harbourline Cloud Ltd", Purpose: "Hosting – primary region"},
				{Name: "Vindel Mail AB", Purpose: "E-mail"},
			},
		},
		{
			name: "sentences in consecutive paragraphs", lang: "en",
			text: "Sub-processors\n\nWe use Harbourline Cloud Ltd (Ireland) for hosting of the platform. Vindel Mail AB (Sweden) provides transactional e-mail.\n\nFor card payments we rely on Norrsken Pay Inc. (United States).\n",
			want: []subproc.RawRecord{
				{Name: "Harbourline Cloud Ltd", Country: "Ireland", Purpose: "hosting of the platform"},
				{Name: "Vindel Mail AB", Country: "Sweden", Purpose: "transactional e-mail"},
				{Name: "Norrsken Pay Inc.", Country: "United States", Purpose: "card payments"},
			},
		},
		{
			name: "wrapped sentences, verb before subject, legal form in lowercase", lang: "nb",
			text: "Underdatabehandlere\n\nVi bruker Harbourline Cloud Ltd (Irland) til drift av\nplattformen. Til kundestøtte benytter vi Zielona Dolina Support Sp. z o.o.\n(Polen).\n",
			want: []subproc.RawRecord{
				{Name: "Harbourline Cloud Ltd", Country: "Irland", Purpose: "drift av plattformen"},
				{Name: "Zielona Dolina Support Sp. z o.o.", Country: "Polen", Purpose: "kundestøtte"},
			},
		},
		{
			name: "purpose after a colon or in quotes", lang: "de",
			text: "Unterauftragsverarbeiter\n\nWir setzen Harbourline Cloud Ltd (Irland) für folgende Zwecke ein: Hosting der Plattform. Die Leistung „E-Mail-Versand“ erbringt Vindel Mail AB (Schweden).\n",
			want: []subproc.RawRecord{
				{Name: "Harbourline Cloud Ltd", Country: "Irland", Purpose: "Hosting der Plattform"},
				{Name: "Vindel Mail AB", Country: "Schweden", Purpose: "E-Mail-Versand"},
			},
		},
		{
			name: "enumeration with country and role after a comma", lang: "fr",
			text: "Sous-traitants ultérieurs\n\nNous faisons appel aux sous-traitants suivants : Harbourline Cloud Ltd (Irlande, hébergement), Alvorada Mail Unipessoal, Lda. (Portugal, envoi d'e-mails) et Vindel Mail AB (Suède, support client).\n",
			want: []subproc.RawRecord{
				{Name: "Harbourline Cloud Ltd", Country: "Irlande", Purpose: "hébergement"},
				{Name: "Alvorada Mail Unipessoal, Lda.", Country: "Portugal", Purpose: "envoi d'e-mails"},
				{Name: "Vindel Mail AB", Country: "Suède", Purpose: "support client"},
			},
		},
		{
			name: "nynorsk definition list under an intro sentence with the article ei", lang: "nn",
			text: "Oversikt over underdatabehandlarar\n\nNedanfor finn du ei oversikt over underdatabehandlarar som behandlar personopplysningar.\n\nHarbourline Cloud Ltd\n    Drift av plattforma.\nJökulsá Meet Services ehf.\n    Videomøte.\n",
			want: []subproc.RawRecord{
				{Name: "Harbourline Cloud Ltd", Purpose: "Drift av plattforma."},
				{Name: "Jökulsá Meet Services ehf.", Purpose: "Videomøte."},
			},
		},
		{
			name: "a bullet with dashes is a list row, not a dash-table header", lang: "it",
			text: "Sub-responsabili\n\n- Harbourline Trust Services Ltd — Firma elettronica dei contratti — Irlanda\n- Vindel Mail AB — Invio di e-mail — Svezia\n",
			want: []subproc.RawRecord{
				{Name: "Harbourline Trust Services Ltd", Purpose: "Firma elettronica dei contratti", Country: "Irlanda"},
				{Name: "Vindel Mail AB", Purpose: "Invio di e-mail", Country: "Svezia"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extractText(t, tt.lang, tt.text).Records
			if len(got) != len(tt.want) {
				t.Fatalf("got %d records %q, want %d", len(got), names(got), len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Name != w.Name || g.Address != w.Address || g.Country != w.Country || g.Purpose != w.Purpose {
					t.Errorf("record %d:\n got %+v\nwant %+v", i, g, w)
				}
			}
		})
	}
}

func TestSentencePurposeNone(t *testing.T) {
	// A sentence that only names the entity says nothing of what it does.
	got := extractText(t, "en", "Sub-processors\n\nOur group includes Harbourline Cloud Ltd (Ireland) and Vindel Mail AB (Sweden).\n").Records
	if len(got) != 2 {
		t.Fatalf("got %q, want two records", names(got))
	}
	for _, r := range got {
		if r.Purpose != "" {
			t.Errorf("%s: got purpose %q, want none", r.Name, r.Purpose)
		}
	}
}

func TestSentenceBreak(t *testing.T) {
	tests := []struct {
		in   string
		last bool
		want int
	}{
		{"til SMS-varsler. Cedarline Inc.", false, len("til SMS-varsler.")},
		{"Foo Inc. (USA) handles e-mail", false, -1},
		{"Zielona Sp. z o.o. (Polen)", false, -1},
		{"stored in the EU. Then", false, len("stored in the EU.")},
		{"one. two. three", true, len("one. two.")},
		{"e.g. this", false, -1},
	}
	for _, tt := range tests {
		if got := sentenceBreak(tt.in, tt.last); got != tt.want {
			t.Errorf("sentenceBreak(%q, %v) = %d, want %d", tt.in, tt.last, got, tt.want)
		}
	}
}

func TestProperTailLegalForm(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Til kundestøtte benytter vi Zielona Dolina Sp. z o.o.", "Zielona Dolina Sp. z o.o."},
		{"til SMS-varsler. Cedarline Helpdesk Inc.", "Cedarline Helpdesk Inc."},
		{"We use Harbourline Cloud Ltd", "Harbourline Cloud Ltd"},
	}
	for _, tt := range tests {
		if got := properTail(tt.in); got != tt.want {
			t.Errorf("properTail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
