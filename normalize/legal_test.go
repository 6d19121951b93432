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
	{"de", "Standardvertragsklauseln", "", []string{"SCC"}},
	{"de", "EU-Standardvertragsklauseln (Art. 46 Abs. 2 lit. c DSGVO)", "", []string{"SCC", "art46"}},
	{"de", "", "Die Übermittlung erfolgt auf Grundlage eines Angemessenheitsbeschlusses.", []string{"adequacy"}},
	{"de", "Einwilligung", "", []string{"consent"}},
	{"de", "", "Wir holen Ihre Einwilligung ein.", nil},
	{"de", "", "Die Gruppe hat verbindliche interne Datenschutzvorschriften.", []string{"BCR"}},
	{"de", "", "Die Übermittlung stützt sich auf den EU-US-Datenschutzrahmen.", []string{"DPF"}},
	{"fr", "Clauses contractuelles types", "", []string{"SCC"}},
	{"fr", "", "Le transfert est encadré par les clauses contractuelles types de la Commission européenne.", []string{"SCC"}},
	{"fr", "Décision d'adéquation", "", []string{"adequacy"}},
	{"fr", "Règles d'entreprise contraignantes", "", []string{"BCR"}},
	{"fr", "Consentement", "", []string{"consent"}},
	{"fr", "", "Nous vous écrivons avec votre consentement.", nil},
	{"fr", "", "Le prestataire est certifié au titre du cadre de protection des données UE-États-Unis.", []string{"DPF"}},
	{"nl", "Modelcontractbepalingen", "", []string{"SCC"}},
	{"nl", "", "Doorgifte vindt plaats op basis van een adequaatheidsbesluit.", []string{"adequacy"}},
	{"nl", "Bindende bedrijfsvoorschriften", "", []string{"BCR"}},
	{"nl", "Toestemming", "", []string{"consent"}},
	{"nl", "", "Wij mailen u alleen met uw toestemming.", nil},
	{"es", "Cláusulas contractuales tipo", "", []string{"SCC"}},
	{"es", "Decisión de adecuación", "", []string{"adequacy"}},
	{"es", "Normas corporativas vinculantes", "", []string{"BCR"}},
	{"es", "", "Le escribimos con su consentimiento.", nil},
	{"es", "", "Adherido al Marco de Privacidad de Datos UE-EE. UU.", []string{"DPF"}},
	{"it", "Clausole contrattuali standard", "", []string{"SCC"}},
	{"it", "Decisione di adeguatezza", "", []string{"adequacy"}},
	{"it", "Norme vincolanti d'impresa", "", []string{"BCR"}},
	{"it", "Consenso", "", []string{"consent"}},
	{"it", "", "Inviamo la newsletter previo consenso.", nil},
	{"it", "", "Il trasferimento avviene ai sensi dell'articolo 46 del GDPR.", []string{"art46"}},
	{"pl", "Standardowe klauzule umowne", "", []string{"SCC"}},
	{"pl", "", "Przekazanie następuje na podstawie standardowych klauzul umownych.", []string{"SCC"}},
	{"pl", "", "Komisja wydała decyzję stwierdzającą odpowiedni stopień ochrony.", []string{"adequacy"}},
	{"pl", "Wiążące reguły korporacyjne", "", []string{"BCR"}},
	{"pl", "art. 46 RODO", "", []string{"art46"}},
	{"pl", "Zgoda", "", []string{"consent"}},
	{"pl", "", "Wysyłamy newsletter tylko po uzyskaniu zgody.", nil},
	{"pl", "", "Kod SKU produktu.", nil},
	{"fi", "Vakiosopimuslausekkeet", "", []string{"SCC"}},
	{"fi", "", "Siirto perustuu EU:n vakiosopimuslausekkeisiin.", []string{"SCC"}},
	{"fi", "Riittävyyspäätös", "", []string{"adequacy"}},
	{"fi", "Yritystä koskevat sitovat säännöt", "", []string{"BCR"}},
	{"fi", "Suostumus", "", []string{"consent"}},
	{"fi", "", "Lähetämme uutiskirjeen suostumuksen perusteella.", nil},
	{"pt", "Cláusulas contratuais-tipo", "", []string{"SCC"}},
	{"pt", "Decisão de adequação", "", []string{"adequacy"}},
	{"pt", "Consentimento", "", []string{"consent"}},
	{"is", "Stöðluð samningsákvæði", "", []string{"SCC"}},
	{"is", "", "Miðlunin byggir á 46. gr. reglugerðarinnar.", []string{"art46"}},
	{"sv", "", "Överföringen sker med stöd av clausole contrattuali standard.", []string{"SCC"}}, // a phrase of another language
}

func TestLegalBases(t *testing.T) {
	for _, tt := range legalTests {
		if got := LegalBases(tt.label, tt.text, rules.MustFor(tt.lang)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("LegalBases(%q, %q, %s) = %v, want %v", tt.label, tt.text, tt.lang, got, tt.want)
		}
	}
}
