package gen

import (
	"fmt"
	"strings"
)

// Invented companies: a name stem of the country's flavour, a word for the
// trade and a legal form of the country. Streets are common street names,
// cities real, numbers random; none of it describes a real company.

// country is what the generator knows of a country, whatever the language.
type country struct {
	forms   []string    // legal forms, most common first
	stems   []string    // invented name stems of local flavour
	streets []string    // street names; "%s" is the house number where it is not at the end
	cities  [][2]string // postcode pattern ("#" a digit) and city
	usStyle bool        // "City, ST 12345" on one line
}

var countries = map[string]country{
	"NO": {forms: []string{"AS", "AS", "ASA"}, stems: []string{"Nordlys", "Fjellmark", "Valbrekke", "Skarvik", "Lyngheim", "Havbris", "Kvitfjell", "Saltnes", "Bjørkli", "Ørnevik", "Elvheim", "Granlia"},
		streets: []string{"Storgata", "Kongens gate", "Sandakerveien", "Drammensveien", "Kanalveien", "Strandkaien", "Olav Kyrres gate"},
		cities:  [][2]string{{"0###", "Oslo"}, {"50##", "Bergen"}, {"70##", "Trondheim"}, {"40##", "Stavanger"}, {"90##", "Tromsø"}}},
	"SE": {forms: []string{"AB"}, stems: []string{"Tindra", "Solvik", "Ekbacka", "Frostby", "Ljungdal", "Stenhaga", "Björkvik", "Mälarö", "Vintersol", "Åkerlund"},
		streets: []string{"Drottninggatan", "Sveavägen", "Kungsgatan", "Götgatan", "Vasagatan", "Stora Nygatan", "Järnvägsgatan"},
		cities:  [][2]string{{"1## ##", "Stockholm"}, {"4## ##", "Göteborg"}, {"2## ##", "Malmö"}, {"7## ##", "Uppsala"}, {"9## ##", "Umeå"}}},
	"DK": {forms: []string{"A/S", "ApS", "A/S"}, stems: []string{"Havgaard", "Lindholm", "Strandbo", "Egebjerg", "Kildevang", "Søndervig", "Bøgely", "Marehøj", "Fyrbak", "Klintholm"},
		streets: []string{"Vesterbrogade", "Nørregade", "Strandvejen", "Algade", "Jernbanegade", "Åboulevarden", "Østergade"},
		cities:  [][2]string{{"1###", "København K"}, {"8000", "Aarhus C"}, {"5000", "Odense C"}, {"9000", "Aalborg"}, {"2100", "København Ø"}}},
	"FI": {forms: []string{"Oy", "Oy", "Oyj"}, stems: []string{"Revontuli", "Kuusela", "Tunturi", "Lumivaara", "Koskela", "Pihlaja", "Kaarna", "Vaskiniemi", "Hallatar", "Routala"},
		streets: []string{"Mannerheimintie", "Hämeenkatu", "Aleksanterinkatu", "Itämerenkatu", "Kauppakatu", "Satamakatu", "Tehtaankatu"},
		cities:  [][2]string{{"00###", "Helsinki"}, {"33###", "Tampere"}, {"20###", "Turku"}, {"90###", "Oulu"}, {"02###", "Espoo"}}},
	"IS": {forms: []string{"ehf.", "ehf.", "hf."}, stems: []string{"Norðurljós", "Fjalladal", "Skálavík", "Jökulsá", "Hraunberg", "Sólvellir", "Vatnsdal", "Breiðavík"},
		streets: []string{"Laugavegur", "Borgartún", "Suðurlandsbraut", "Hafnarstræti", "Skipholt", "Ármúli"},
		cities:  [][2]string{{"10#", "Reykjavík"}, {"600", "Akureyri"}, {"220", "Hafnarfjörður"}, {"201", "Kópavogur"}}},
	"DE": {forms: []string{"GmbH", "GmbH", "AG", "SE", "GmbH & Co. KG"}, stems: []string{"Lindenberg", "Falkenhain", "Eichwald", "Sonnhalde", "Bergquell", "Rotbuche", "Weidenau", "Kranichfeld", "Mühlental", "Lerchenfeld"},
		streets: []string{"Friedrichstraße", "Hauptstraße", "Bahnhofstraße", "Lindenallee", "Hafenstraße", "Schillerstraße", "Am Sandtorkai"},
		cities:  [][2]string{{"10###", "Berlin"}, {"80###", "München"}, {"20###", "Hamburg"}, {"50###", "Köln"}, {"60###", "Frankfurt am Main"}, {"70###", "Stuttgart"}}},
	"AT": {forms: []string{"GmbH", "AG"}, stems: []string{"Alpenquell", "Donaustein", "Grünberg", "Edelweiß", "Tauernblick", "Hochwald"},
		streets: []string{"Mariahilfer Straße", "Landstraßer Hauptstraße", "Herrengasse", "Wiener Straße"},
		cities:  [][2]string{{"1###", "Wien"}, {"8010", "Graz"}, {"5020", "Salzburg"}, {"4020", "Linz"}}},
	"CH": {forms: []string{"AG", "GmbH", "SA"}, stems: []string{"Seeblick", "Bergtal", "Rheinau", "Limmatwerk", "Jurafels", "Sonnegg"},
		streets: []string{"Bahnhofstrasse", "Seestrasse", "Rue du Rhône", "Hardturmstrasse", "Limmatquai"},
		cities:  [][2]string{{"8###", "Zürich"}, {"12##", "Genève"}, {"30##", "Bern"}, {"40##", "Basel"}}},
	"FR": {forms: []string{"SAS", "SAS", "SA", "SARL"}, stems: []string{"Belrive", "Clairmont", "Valorbe", "Montsalve", "Beauchêne", "Ardoisière", "Rochebelle", "Champlain", "Vermeille", "Hautval"},
		streets: []string{"%s rue de la République", "%s avenue des Champs", "%s boulevard Haussmann", "%s rue Nationale", "%s quai de la Loire", "%s rue du Faubourg"},
		cities:  [][2]string{{"750##", "Paris"}, {"69002", "Lyon"}, {"13001", "Marseille"}, {"31000", "Toulouse"}, {"59000", "Lille"}, {"44000", "Nantes"}}},
	"BE": {forms: []string{"SA", "BV", "SRL", "NV"}, stems: []string{"Meerdael", "Brabantia", "Scheldeveld", "Ardennia", "Zoniënhof", "Lesseval"},
		streets: []string{"Rue de la Loi", "Avenue Louise", "Kortrijksesteenweg", "Meir", "Rue Royale"},
		cities:  [][2]string{{"1000", "Bruxelles"}, {"2000", "Antwerpen"}, {"9000", "Gent"}, {"4000", "Liège"}}},
	"NL": {forms: []string{"B.V.", "B.V.", "N.V."}, stems: []string{"Wilgenhof", "Duinrand", "Zeewind", "Lindeboom", "Veldkamp", "Brugstede", "Polderlicht", "Dijkzicht", "Eemhoven", "Waalstroom"},
		streets: []string{"Herengracht", "Keizersgracht", "Stationsplein", "Coolsingel", "Lange Viestraat", "Oudegracht"},
		cities:  [][2]string{{"10## ??", "Amsterdam"}, {"30## ??", "Rotterdam"}, {"35## ??", "Utrecht"}, {"25## ??", "Den Haag"}, {"56## ??", "Eindhoven"}}},
	"LU": {forms: []string{"S.à r.l.", "S.A."}, stems: []string{"Moselle Data", "Kirchfeld", "Alzette", "Pétrusse", "Grünewald"},
		streets: []string{"%s rue Érasme", "%s avenue John F. Kennedy", "%s boulevard Royal", "%s rue de Hollerich"},
		cities:  [][2]string{{"L-1###", "Luxembourg"}, {"L-4###", "Esch-sur-Alzette"}}},
	"IE": {forms: []string{"Limited", "Ltd", "DAC", "Unlimited Company"}, stems: []string{"Kestrel", "Corrib", "Glenmore", "Shannonside", "Liffeyview", "Burren", "Ardmore", "Slievemore", "Ballyvale", "Merrion Bay"},
		streets: []string{"%s Harcourt Street", "%s Grand Canal Quay", "%s Baggot Street Lower", "%s Sir John Rogerson's Quay", "%s Fitzwilliam Square"},
		cities:  [][2]string{{"Dublin 2", ""}, {"Dublin 4", ""}, {"Cork", ""}, {"Galway", ""}}},
	"GB": {forms: []string{"Ltd", "Limited", "plc", "LLP"}, stems: []string{"Thornbury", "Ashgrove", "Brightwater", "Fenwick & Hale", "Larkspur", "Bramblecote", "Harrowfield", "Wrenfold", "Kingsmere", "Oakhurst"},
		streets: []string{"%s Bank Street", "%s Old Street", "%s Deansgate", "%s Princes Street", "%s Temple Row"},
		cities:  [][2]string{{"London EC1V #AB", ""}, {"Manchester M3 #DE", ""}, {"Edinburgh EH2 #HF", ""}, {"Birmingham B2 #JT", ""}}},
	"US": {forms: []string{"Inc.", "Inc.", "LLC", "Corp."}, stems: []string{"Cedarline", "Ironbark", "Summitview", "Clearbrook", "Tallgrass", "Northpeak", "Bluecanyon", "Silverpine", "Redhollow", "Stonebridge"},
		streets: []string{"%s Market Street, Suite 400", "%s Main Street", "%s Congress Avenue", "%s Pine Street, Floor 12", "%s Boylston Street"},
		cities:  [][2]string{{"San Francisco, CA 941##", ""}, {"Austin, TX 787##", ""}, {"Seattle, WA 981##", ""}, {"Boston, MA 021##", ""}, {"Wilmington, DE 198##", ""}}, usStyle: true},
	"ES": {forms: []string{"S.L.", "S.L.", "S.A."}, stems: []string{"Alborada", "Sierraluz", "Mirasol", "Olivarejo", "Brisamar", "Ribaverde", "Montealto", "Solaneta"},
		streets: []string{"Calle de Alcalá", "Paseo de Gracia", "Calle Mayor", "Avenida de América", "Calle de Serrano"},
		cities:  [][2]string{{"280##", "Madrid"}, {"080##", "Barcelona"}, {"460##", "Valencia"}, {"410##", "Sevilla"}}},
	"IT": {forms: []string{"S.r.l.", "S.r.l.", "S.p.A."}, stems: []string{"Lunaria", "Collinverde", "Serenella", "Ventoria", "Marevivo", "Pietrabianca", "Valfiorita", "Aurorale"},
		streets: []string{"Via Torino", "Corso Vittorio Emanuele", "Via Roma", "Viale Monza", "Via Garibaldi"},
		cities:  [][2]string{{"201##", "Milano"}, {"001##", "Roma"}, {"101##", "Torino"}, {"401##", "Bologna"}}},
	"PT": {forms: []string{"Lda.", "S.A.", "Unipessoal, Lda."}, stems: []string{"Maresia", "Ondaluz", "Brisaverde", "Arribana", "Serramar", "Alvorecer"},
		streets: []string{"Avenida da Liberdade", "Rua Augusta", "Rua de Santa Catarina", "Avenida da Boavista"},
		cities:  [][2]string{{"1250-###", "Lisboa"}, {"4000-###", "Porto"}, {"3000-###", "Coimbra"}}},
	"PL": {forms: []string{"Sp. z o.o.", "Sp. z o.o.", "S.A."}, stems: []string{"Zorzanet", "Jasieniec", "Wiklinowo", "Modrzewiak", "Sosnowa Dolina", "Brzezina"},
		streets: []string{"ul. Marszałkowska", "ul. Długa", "ul. Piotrkowska", "al. Jerozolimskie", "ul. Świętojańska"},
		cities:  [][2]string{{"00-###", "Warszawa"}, {"31-###", "Kraków"}, {"90-###", "Łódź"}, {"80-###", "Gdańsk"}, {"50-###", "Wrocław"}}},
}

// trade words by service kind: joined to a stem they make a company name.
var trades = [numKinds][]string{
	kindHosting:    {"Cloud", "Hosting", "Datacenter", "Infrastructure"},
	kindEmail:      {"Mail", "Post", "Messaging"},
	kindSMS:        {"SMS", "Telecom", "Messaging"},
	kindPayments:   {"Pay", "Payments", "Checkout"},
	kindSupport:    {"Support", "Helpdesk", "Service Desk"},
	kindAnalytics:  {"Analytics", "Insights", "Metrics"},
	kindBackup:     {"Backup", "Archive", "Storage"},
	kindMonitoring: {"Monitoring", "Logs", "Observability"},
	kindCRM:        {"CRM", "Customer Systems", "Sales Cloud"},
	kindMeetings:   {"Video", "Meet", "Conferencing"},
	kindSigning:    {"Sign", "Signatures", "Trust Services"},
	kindAccounting: {"Accounting", "Invoicing", "Ledger"},
}

// localTrades are trade words in the country's language, used for some
// local companies instead of the English ones ("Nordlys Drift AS").
var localTrades = map[string]map[int][]string{
	"NO": {kindHosting: {"Drift", "Datasenter"}, kindEmail: {"Post"}, kindAccounting: {"Regnskap"}, kindPayments: {"Betaling"}, kindBackup: {"Arkiv"}},
	"DK": {kindHosting: {"Drift", "Datacenter"}, kindAccounting: {"Regnskab"}, kindPayments: {"Betaling"}, kindSupport: {"Kundeservice"}},
	"SE": {kindHosting: {"Drift", "Datahall"}, kindAccounting: {"Redovisning"}, kindPayments: {"Betalning"}, kindBackup: {"Arkiv"}},
	"FI": {kindHosting: {"Palvelin", "Konesali"}, kindAccounting: {"Tilitoimisto"}, kindSupport: {"Asiakaspalvelu"}},
	"IS": {kindHosting: {"Hýsing"}, kindAccounting: {"Bókhald"}, kindPayments: {"Greiðslur"}},
	"DE": {kindHosting: {"Rechenzentrum", "Hosting"}, kindAccounting: {"Buchhaltung"}, kindPayments: {"Zahlungsdienste"}, kindSigning: {"Signatur"}},
	"AT": {kindHosting: {"Rechenzentrum"}, kindAccounting: {"Buchhaltung"}},
	"FR": {kindHosting: {"Hébergement"}, kindAccounting: {"Comptabilité"}, kindPayments: {"Paiement"}},
	"NL": {kindHosting: {"Datacenter"}, kindPayments: {"Betalingen"}, kindAccounting: {"Boekhouding"}},
	"ES": {kindHosting: {"Alojamiento"}, kindPayments: {"Pagos"}, kindAccounting: {"Contabilidad"}},
	"IT": {kindHosting: {"Hosting"}, kindPayments: {"Pagamenti"}, kindAccounting: {"Contabilità"}},
	"PT": {kindHosting: {"Alojamento"}, kindPayments: {"Pagamentos"}, kindAccounting: {"Contabilidade"}},
	"PL": {kindHosting: {"Hosting"}, kindPayments: {"Płatności"}, kindAccounting: {"Księgowość"}},
}

// entity is an invented company.
type entity struct {
	cc     string // ISO country
	stem   string // the name stem, unique in a document
	name   string // legal name
	alias  string // short name the document may give it, "" for none
	street string // first address line
	city   string // "postcode city" line
	regNo  string // as written, "" when unknown
}

// fill replaces "#" by random digits and "?" by random capitals.
func fill(r *rng, pattern string) string {
	var b strings.Builder
	for _, c := range pattern {
		switch c {
		case '#':
			b.WriteByte(byte('0' + r.IntN(10)))
		case '?':
			b.WriteByte(byte('A' + r.IntN(26)))
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// newEntity invents a company of country cc doing kind, whose stem is not in used.
func newEntity(r *rng, cc string, kind int, used map[string]bool) entity {
	c := countries[cc]
	stem := pick(r, c.stems)
	for tries := 0; used[stem] && tries < 20; tries++ {
		stem = pick(r, c.stems)
	}
	if used[stem] { // every local stem taken: borrow one from a neighbour
		for _, k := range sortedCountries {
			for _, s := range countries[k].stems {
				if !used[s] {
					stem = s
					break
				}
			}
			if !used[stem] {
				break
			}
		}
	}
	used[stem] = true
	e := entity{cc: cc, stem: stem}
	trade := pick(r, trades[kind])
	if local := localTrades[cc][kind]; len(local) > 0 && r.chance(0.5) {
		trade = pick(r, local)
	}
	form := pick(r, c.forms)
	switch r.IntN(6) {
	case 0: // "Kestrelpay Ltd"
		if compoundable(stem, trade) {
			e.name = stem + strings.ToLower(trade) + " " + form
			break
		}
		fallthrough
	case 1, 2: // "Kestrel Cloud Services Ltd"
		if strings.Contains(trade, " ") {
			e.name = stem + " " + trade + " " + form
			break
		}
		e.name = stem + " " + trade + " " + pick(r, []string{"Services", "Solutions", "Technologies", "Systems"}) + " " + form
	default: // "Kestrel Cloud Ltd"
		e.name = stem + " " + trade + " " + form
	}
	if r.chance(0.15) {
		e.alias = stem
		if r.chance(0.3) && compoundable(stem, trade) {
			e.alias = stem + trade
		}
	}
	num := fmt.Sprint(1 + r.IntN(180))
	street := pick(r, c.streets)
	if strings.Contains(street, "%s") {
		e.street = fmt.Sprintf(street, num)
	} else {
		e.street = street + " " + num
	}
	city := pick(r, c.cities)
	if city[1] == "" {
		e.city = fill(r, city[0])
	} else {
		e.city = fill(r, city[0]) + " " + city[1]
	}
	e.regNo = regNo(r, cc)
	return e
}

// compoundable says whether stem and trade make one word ("Kestrelpay"):
// one-word stems and short trade words that are not acronyms.
func compoundable(stem, trade string) bool {
	return !strings.ContainsAny(stem, " &") && len(trade) >= 3 && len(trade) <= 5 && trade != strings.ToUpper(trade)
}

// sortedCountries lists the keys of countries in a fixed order.
var sortedCountries = []string{"NO", "SE", "DK", "FI", "IS", "DE", "AT", "CH", "FR", "BE", "NL", "LU", "IE", "GB", "US", "ES", "IT", "PT", "PL"}

// foreign are the countries sub-processors are established in, with weights.
var foreign = []struct {
	cc string
	w  int
}{{"IE", 15}, {"US", 20}, {"DE", 12}, {"NL", 8}, {"LU", 4}, {"GB", 6}, {"FR", 6}, {"SE", 5}, {"FI", 3},
	{"DK", 4}, {"NO", 4}, {"PL", 3}, {"ES", 3}, {"IT", 3}, {"BE", 2}, {"AT", 2}, {"CH", 2}, {"PT", 2}, {"IS", 1}}

// eea are the countries where the GDPR applies (EU and EEA).
var eea = map[string]bool{"NO": true, "SE": true, "DK": true, "FI": true, "IS": true, "DE": true, "AT": true,
	"FR": true, "BE": true, "NL": true, "LU": true, "IE": true, "ES": true, "IT": true, "PT": true, "PL": true}
