package normalize

import (
	"reflect"
	"testing"

	"github.com/subproc/subproc/rules"
)

var locationTests = []struct {
	name, lang, label, text string
	want                    []string
}{
	// Storage phrases in the text.
	{"region narrowed by its parenthesis", "nb", "", "AWS brukes til hosting av Capturi-plattformen, inkludert lagring og prosessering av data. Data lagres kryptert. AWS er i henhold til kontrakten forpliktet til å foreta denne databehandlingen innenfor dataregion EU-WEST (Irland) og dermed innenfor EU/EØS i henhold til og med de unntak som fremgår av deres standard databehandleravtale. Eventuell behandling av personopplysninger utenfor EU/EØS vil skje på grunnlag av EU-kommisjonens standardkontraktbestemmelser.", []string{"IE"}},
	{"danish data region", "da", "", "Denne behandling af data er AWS kontraktuelt forpligtet til at foretage inden for dataregion EU-WEST (Irland), og dermed indenfor EU/EØS, i henhold til og med de undtagelser", []string{"IE"}},
	{"stored in a country", "nb", "", "Data lagres i USA, og Intercom er Privacy Shield-sertifisert og kontraktuelt forpliktet til å informere om enhver endring.", []string{"US"}},
	{"first storage phrase only", "nb", "", "Data lagres i EU og sikkerhetskopieres i Nederland", []string{"EU"}},
	{"double full stop", "nb", "", "Data lagres i EU..", []string{"EU"}},
	{"no data stored", "nb", "", "Webhosting har ikke tilgang til dataene som er lagret i en årshjulet. Ingen data lagres.", nil},
	{"storage phrase without a place first", "nb", "", "All nettleserhistorikk er lagret i Google Analytics. Google har ikke tilgang til dataene som er lagret i en Plandisc. Data lagres i USA.", []string{"US"}},
	{"no storage phrase", "nb", "", "Zapier er en integrasjonsprogramvare som skyver kontaktinformasjon fra vår Mail Automation til Zendesk.", nil},
	{"transfer is no storage", "da", "", "Overførsel til tredjeland sker i henhold til SSC bestemmelser, som den dataansvarlige ved disse Bestemmelser giver fuldmagt til databehandleren til at indgå.", nil},
	{"EU/EØS elsewhere is no storage", "nb", "", "og dermed innenfor EU/EØS i henhold til avtalen", nil},
	{"negated", "nb", "", "Ingen data lagres i USA.", nil},
	{"negated english", "en", "", "No personal data is stored in the US.", nil},
	{"list of places", "en", "", "Customer data is stored in Ireland and Germany, and support staff work from the US.", []string{"IE", "DE"}},
	{"place after a few words", "nb", "", "Data lagres i datasentre i Irland.", []string{"IE"}},
	{"rule, not place", "da", "", "Personoplysninger behandles i overensstemmelse med EU-retten.", nil},
	{"rule, not place english", "en", "", "Personal data is processed in accordance with EU law. Data is stored in Ireland.", []string{"IE"}},
	{"too far away", "en", "", "Data is stored in accordance with our retention policy for every customer that signs up in Ireland.", nil},
	{"the US", "en", "", "Data is hosted in the US.", []string{"US"}},
	{"ISO code ends the list", "en", "", "Data is hosted in DE, NL and IE.", []string{"DE", "NL", "IE"}},
	{"ISO-looking word", "en", "", "Data is stored in IT systems of the provider.", nil},
	{"ISO code glued to a word", "nb", "", "Data lagres i HR-systemet.", nil},
	{"city", "en", "", "Servers located in Frankfurt.", []string{"DE"}},
	{"cloud region", "en", "", "Data is hosted in AWS eu-central-1.", []string{"DE"}},
	{"region narrowed by a city", "en", "", "Data is stored in the EU (Frankfurt and Dublin).", []string{"DE", "IE"}},
	{"outside the EU", "en", "", "Data may be processed in the US and outside the EU/EEA.", []string{"US", "WORLD"}},
	{"swedish storage", "sv", "", "Personuppgifterna lagras i Sverige.", []string{"SE"}},
	{"label-like text", "sv", "", "Fysisk lagringsplats: EU/EES", []string{"EU"}},
	{"notes count", "en", "", "Chat tool. All customer data is stored in the EEA.", []string{"EU"}},
	{"html in text", "en", "", "<p>Data is stored in <b>Ireland</b></p>", []string{"IE"}},
	{"bare verb", "nn", "", "Kortbetaling. Nets handsamar kortdata i Danmark og Noreg.", []string{"DK", "NO"}},
	{"bare verb, place far away", "nb", "", "De samler inn, lagrer og betaler ut pengene som kunden setter inn på kredittkort i Norge.", nil},
	{"negation in the lead", "nb", "", "Leverandøren behandler ikke data i USA.", nil},
	{"unknown town before the country", "da", "", "Alle data lagres på servere i Hetzners datacenter i Falkenstein, Tyskland.", []string{"DE"}},
	{"town compound", "sv", "", "Leverantören driftar servrar i två datacenter i Stockholmsområdet.", []string{"SE"}},
	{"abbreviation reads on", "sv", "", "Vissa uppgifter kan behandlas av Stripe, Inc. i USA.", []string{"US"}},
	{"sentence end stops", "en", "", "Backups are stored in. Ireland is nice.", nil},
	{"transfer to a country", "sv", "", "Överföringen till USA sker med stöd av EU-U.S. Data Privacy Framework.", []string{"US"}},
	{"transfer to a third country", "da", "", "Overførsel til tredjeland sker i henhold til SSC bestemmelser.", nil},
	{"place before a storage noun", "en", "", "Product analytics on pseudonymised events, with EU data residency.", []string{"EU"}},
	{"city region", "en", "", "Hosting of the platform and database in the AWS London region (United Kingdom).", []string{"GB"}},
	{"cloud region before a noun", "en", "", "AWS hosts the application, its databases and backups in the eu-west-1 (Ireland) region.", []string{"IE"}},
	{"cloud region after a noun", "da", "", "Hosting af platformen i AWS-regionen eu-west-1 (Irland).", []string{"IE"}},
	{"region word narrowed after a noun", "nb", "", "E-postene sendes fra Mailguns EU-region i Tyskland.", []string{"DE"}},
	{"region word narrowed by the next noun", "en", "", "Data is hosted in Zoho's EU data centres in the Netherlands and Ireland.", []string{"NL", "IE"}},
	{"stays in", "en", "", "hosting of the platform; customer data stays in the EU", []string{"EU"}},
	{"handled worldwide", "en", "", "Requests may be handled at the nearest edge location worldwide.", []string{"WORLD"}},
	// Labels.
	{"label EU/EES", "sv", "EU/EES", "", []string{"EU"}},
	{"label EU and beyond", "sv", "EU/EES och utanför EU", "", []string{"EU", "WORLD"}},
	{"label also outside", "sv", "Även utanför EU/EES", "", []string{"EU", "WORLD"}},
	{"label outside only", "sv", "Utanför EU/EES", "", []string{"WORLD"}},
	{"label worldwide", "en", "Worldwide", "", []string{"WORLD"}},
	{"label narrowed", "en", "EU (Amsterdam)", "", []string{"NL"}},
	{"label country", "nb", "Tyskland", "", []string{"DE"}},
	{"label countries", "en", "Ireland, Germany, US", "", []string{"IE", "DE", "US"}},
	{"label danish", "da", "EU/EØS og USA", "", []string{"EU", "US"}},
	{"label norwegian also", "nb", "Også utenfor EU/EØS", "", []string{"EU", "WORLD"}},
	{"label region word describing the country", "sv", "Tyskland (Mailguns EU-region)", "", []string{"DE"}},
	{"label cloud regions", "en", "Ireland (eu-west-1) and Germany (eu-central-1)", "", []string{"IE", "DE"}},
	{"label exception", "sv", "EU/EES och i undantagsfall USA", "", []string{"EU", "US"}},
	{"label wins over text", "en", "EU", "Data is stored in the US.", []string{"EU"}},
	{"empty label falls back", "en", "-", "Data is stored in the US.", []string{"US"}},
	{"nothing", "en", "", "", nil},
	{"non-EU is no negation", "en", "", "Data from non-EU customers is stored in Ireland.", []string{"IE"}},
	// German: the participle comes last.
	{"german participle last", "de", "", "Die Daten werden in Deutschland gespeichert.", []string{"DE"}},
	{"german negated before the place", "de", "", "Die Daten werden nicht in den USA gespeichert.", nil},
	{"german servers", "de", "", "Die Daten werden auf Servern in Frankfurt gespeichert.", []string{"DE"}},
	{"german label-like", "de", "", "Speicherort: EU (Frankfurt)", []string{"DE"}},
	{"german transfer", "de", "", "Eine Übermittlung in die USA erfolgt auf Grundlage der Standardvertragsklauseln.", []string{"US"}},
	{"german rule", "de", "", "Die Daten werden gemäß EU-Recht verarbeitet.", nil},
	{"german label", "de", "EU/EWR", "", []string{"EU"}},
	{"german label world", "de", "Außerhalb der EU/des EWR", "", []string{"WORLD"}},
	{"german label weltweit", "de", "Weltweit", "", []string{"WORLD"}},
	{"german label countries", "de", "EU und USA", "", []string{"EU", "US"}},
	{"german label narrowed", "de", "EU (Amsterdam)", "", []string{"NL"}},
	// French.
	{"french hosted", "fr", "", "Les données sont hébergées en France.", []string{"FR"}},
	{"french negated", "fr", "", "Les données ne sont pas stockées aux États-Unis.", nil},
	{"french eu", "fr", "", "Tous les prestataires listés ci-dessous hébergent les données des adhérents dans l'Union européenne.", []string{"EU"}},
	{"french eea", "fr", "", "Les sous-traitants traitent les données exclusivement dans l'Espace économique européen.", []string{"EU"}},
	{"french transfer", "fr", "", "Tout transfert vers les États-Unis repose sur les clauses contractuelles types.", []string{"US"}},
	{"french label narrowed", "fr", "UE (Amsterdam)", "", []string{"NL"}},
	{"french label world", "fr", "Hors UE/EEE", "", []string{"WORLD"}},
	{"french label monde", "fr", "Monde entier", "", []string{"WORLD"}},
	// Dutch: the participle comes last too.
	{"dutch stored in", "nl", "", "De gegevens worden opgeslagen in Nederland.", []string{"NL"}},
	{"dutch participle last", "nl", "", "De gegevens worden in Ierland opgeslagen.", []string{"IE"}},
	{"dutch negated", "nl", "", "De gegevens worden niet in de VS opgeslagen.", nil},
	{"dutch transfer", "nl", "", "Doorgifte naar de VS gebeurt op basis van modelcontractbepalingen.", []string{"US"}},
	{"dutch label", "nl", "EU/EER", "", []string{"EU"}},
	{"dutch label world", "nl", "Wereldwijd", "", []string{"WORLD"}},
	{"dutch label narrowed", "nl", "EU (Amsterdam)", "", []string{"NL"}},
	// Spanish.
	{"spanish servers", "es", "", "Los datos se almacenan en servidores ubicados en Irlanda.", []string{"IE"}},
	{"spanish negated", "es", "", "Los datos no se almacenan en EE. UU.", nil},
	{"spanish transfer", "es", "", "La transferencia internacional a Estados Unidos se ampara en cláusulas contractuales tipo.", []string{"US"}},
	{"spanish label narrowed", "es", "UE (Fráncfort)", "", []string{"DE"}},
	{"spanish label world", "es", "Fuera de la UE", "", []string{"WORLD"}},
	// Italian.
	{"italian stored", "it", "", "I dati sono conservati in Italia.", []string{"IT"}},
	{"italian narrowed", "it", "", "I dati sono ospitati nell'UE (Francoforte).", []string{"DE"}},
	{"italian label", "it", "UE/SEE", "", []string{"EU"}},
	{"italian label world", "it", "In tutto il mondo", "", []string{"WORLD"}},
	{"italian label narrowed", "it", "UE (Amsterdam)", "", []string{"NL"}},
	{"english see is no region", "en", "See below", "", nil},
	// Polish: locative forms.
	{"polish locative", "pl", "", "Dane są przechowywane w Niemczech.", []string{"DE"}},
	{"polish servers", "pl", "", "Dane przechowywane są na serwerach w Irlandii.", []string{"IE"}},
	{"polish negated", "pl", "", "Dane nie są przechowywane w USA.", nil},
	{"polish transfer", "pl", "", "Przekazywanie danych do Stanów Zjednoczonych odbywa się na podstawie standardowych klauzul umownych.", []string{"US"}},
	{"polish label", "pl", "UE/EOG", "", []string{"EU"}},
	{"polish list-wide", "pl", "", "Wszystkie podmioty wymienione w tej tabeli przetwarzają dane wyłącznie na terenie Europejskiego Obszaru Gospodarczego.", []string{"EU"}},
	{"polish label from outside", "pl", "Spoza EOG", "", []string{"WORLD"}},
	{"polish label world", "pl", "Poza EOG", "", []string{"WORLD"}},
	{"polish label narrowed", "pl", "UE (Amsterdam)", "", []string{"NL"}},
	// Finnish: case endings.
	{"finnish inessive", "fi", "", "Tiedot säilytetään Suomessa.", []string{"FI"}},
	{"finnish servers", "fi", "", "sovelluksen ja tietokannan palvelimet; palvelimet sijaitsevat Saksassa.", []string{"DE"}},
	{"finnish eu area", "fi", "", "Tiedot tallennetaan EU:n alueella sijaitseviin konesaleihin.", []string{"EU"}},
	{"finnish transfer", "fi", "", "Tiedot siirretään Yhdysvaltoihin vakiosopimuslausekkeiden perusteella.", []string{"US"}},
	{"finnish place before noun", "fi", "", "Palvelu toimii Suomessa sijaitsevassa konesalissa.", []string{"FI"}},
	{"finnish label", "fi", "EU/ETA", "", []string{"EU"}},
	{"finnish label world", "fi", "EU- ja ETA-alueen ulkopuolella", "", []string{"WORLD"}},
	{"finnish label world with genitives", "fi", "EU:n ja ETA:n ulkopuolelle", "", []string{"WORLD"}},
	{"finnish list-wide", "fi", "", "Kaikki edellä mainitut käsittelijät säilyttävät tiedot EU:n alueella sijaitsevilla palvelimilla.", []string{"EU"}},
	{"finnish label narrowed", "fi", "EU (Amsterdam)", "", []string{"NL"}},
	// Portuguese.
	{"portuguese stored", "pt", "", "Os dados são armazenados no Brasil.", []string{"BR"}},
	{"portuguese negated", "pt", "", "Os dados não são armazenados nos EUA.", nil},
	{"portuguese no is in the", "pt", "", "Os dados são armazenados em servidores no Brasil.", []string{"BR"}},
	{"finnish ei is no nynorsk negation", "nn", "", "Vi har ei løysing som lagrar data i Noreg.", []string{"NO"}},
	{"portuguese label narrowed", "pt", "UE (Lisboa)", "", []string{"PT"}},
	{"portuguese label world", "pt", "Fora da UE", "", []string{"WORLD"}},
	// Icelandic.
	{"icelandic dative", "is", "", "Gögnin eru vistuð á Íslandi.", []string{"IS"}},
	{"icelandic hosted", "is", "", "Gögnin eru hýst í Þýskalandi.", []string{"DE"}},
	{"icelandic label", "is", "Innan EES", "", []string{"EU"}},
	{"icelandic transfer", "is", "", "þjónustuborð; flutningur gagna til Bandaríkjanna byggist á föstum samningsákvæðum.", []string{"US"}},
	{"french within", "fr", "", "Vos données sont traitées au sein de l'Union européenne.", []string{"EU"}},
	{"german list-wide", "de", "", "Alle genannten Auftragsverarbeiter verarbeiten Ihre Daten ausschließlich in Rechenzentren innerhalb der Europäischen Union.", []string{"EU"}},
	{"dutch list-wide", "nl", "", "Alle gegevens van alle modules worden opgeslagen binnen de Europese Economische Ruimte (EER).", []string{"EU"}},
	{"spanish label", "es", "Unión Europea y Estados Unidos", "", []string{"EU", "US"}},
}

func TestLocations(t *testing.T) {
	for _, tt := range locationTests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Locations(tt.label, tt.text, rules.MustFor(tt.lang)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Locations(%q, %q) = %v, want %v", tt.label, tt.text, got, tt.want)
			}
		})
	}
}
