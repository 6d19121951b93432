package normalize

import (
	"reflect"
	"testing"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/rules"
)

var legalTests = []struct {
	lang, label, text string
	want              []subproc.LegalBasis
}{
	{"nb", "Standard Contractual Clauses", "", []string{"SCC"}},
	{"nb", "<u>BCR</u>", "", []string{"BCR"}},
	{"nb", "", "Eventuell behandling av personopplysninger utenfor EU/EØS vil skje på grunnlag av EU-kommisjonens standardkontraktbestemmelser.", []string{"SCC"}},
	{"nb", "", "Data lagres i USA, og Intercom er Privacy Shield-sertifisert og kontraktuelt forpliktet", []string{"privacy_shield"}},
	{"nb", "", "Intercom er Privacy Shield-sertifisert", []string{"privacy_shield"}},
	{"nb", "Standard Contractual Clauses", "Sharspring er også på SCC (Standard Contractual Clauses).", []string{"SCC"}},
	{"nb", "", "Vi bruker standard personvernbestemmelser.", []string{"SCC"}},
	{"da", "", "Overførsel til tredjeland sker i henhold til SSC bestemmelser, som den dataansvarlige ved disse Bestemmelser giver fuldmagt til", []string{"SCC"}},
	{"da", "", "Overførsel sker på grundlag af standardkontraktbestemmelserne.", []string{"SCC"}},
	{"da", "", "Overførsel sker på standardkontraktsgrundlag.", []string{"SCC"}},
	{"da", "", "AWS er certificeret under EU-US Data Privacy Framework.", []string{"DPF"}},
	{"sv", "", "* Leverantören uppfyller de säkerhetskrav som ställs i Artikel 46 i dataskyddslagen.", []string{"art46"}},
	{"sv", "", "Överföring sker med stöd av standardavtalsklausuler.", []string{"SCC"}},
	{"sv", "", "Överföring sker med stöd av EU-kommissionens standardavtalsklausuler och artikel 46.", []string{"SCC", "art46"}},
	{"en", "Privacy Shield", "", []string{"privacy_shield"}},
	{"en", "EU-US Data Privacy Framework", "", []string{"DPF"}},
	{"en", "EU-U.S. DPF", "", []string{"DPF"}},
	{"en", "SCCs", "", []string{"SCC"}},
	{"en", "Model Clauses", "", []string{"SCC"}},
	{"en", "Binding Corporate Rules", "", []string{"BCR"}},
	{"en", "Adequacy decision", "", []string{"adequacy"}},
	{"en", "Article 46 GDPR", "", []string{"art46"}},
	{"en", "Article 49", "", []string{"other"}},
	{"en", "Consent", "", []string{"consent"}},
	{"en", "Adequacy", "", []string{"adequacy"}},
	{"en", "", "We review the adequacy of security measures.", nil},
	{"en", "", "Transfers to Switzerland rely on an adequacy decision.", []string{"adequacy"}},
	{"sv", "", "Överföring till Storbritannien sker med stöd av ett adekvansbeslut.", []string{"adequacy"}},
	{"en", "", "We email users who gave their consent.", nil},
	{"en", "", "Transfers rely on the explicit consent of the data subject.", []string{"consent"}},
	{"en", "DPF; SCC", "BCR approved.", []string{"SCC", "BCR", "DPF"}},
	{"nb", "Samtykke", "", []string{"consent"}},
	{"en", "", "Standard terms apply.", nil},
	{"en", "", "", nil},
}

func TestLegalBases(t *testing.T) {
	for _, tt := range legalTests {
		if got := LegalBases(tt.label, tt.text, rules.MustFor(tt.lang)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("LegalBases(%q, %q, %s) = %v, want %v", tt.label, tt.text, tt.lang, got, tt.want)
		}
	}
}
