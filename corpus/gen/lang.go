package gen

// The phrase tables of one language. Every sentence was written for this
// generator; templates use fmt verbs with explicit indexes, as documented
// on each field.

// Service kinds: what a sub-processor does.
const (
	kindHosting = iota
	kindEmail
	kindSMS
	kindPayments
	kindSupport
	kindAnalytics
	kindBackup
	kindMonitoring
	kindCRM
	kindMeetings
	kindSigning
	kindAccounting
	numKinds
)

// Fields of a row as labels and column headers name them.
const (
	fName = iota
	fRegNo
	fAddress
	fCountry
	fPurpose
	fLegal
	fLocation
	fData
	numFields
)

// place is how a language writes a country or region: its name, and the
// phrase for "in it" ("i Tyskland", "in den USA", "Saksassa").
type place struct{ name, in string }

// section is a heading and its paragraphs.
type section struct {
	head  string
	paras []string
}

// site is the chrome of a web page in one language.
type site struct {
	nav     []string // menu entries
	cookie  string   // the cookie banner's text
	accept  string   // its buttons
	decline string
	rights  string // "All rights reserved"
	privacy string // footer links
	terms   string
	skip    string // "Skip to content"
}

type lang struct {
	code  string
	homes []string // countries publishers writing this language are established in

	// places maps ISO codes (every key of countries), "EU" (the EU/EEA) and
	// "WORLD" (worldwide) to names in this language.
	places map[string]place
	and    string   // the word joining the last two items of an enumeration
	months []string // month names for dates; dateFmt uses them
	// dateFmt writes day, month name and year: %[1]d day, %[2]s month, %[3]d year.
	dateFmt string

	// labels are column headers and "Label:" keys, by field, most common first.
	labels [numFields][]string

	// Document titles. %[1]s is the publisher's short name, %[2]s its product.
	listTitles   []string
	dpaTitles    []string
	policyTitles []string
	annex        string   // "Vedlegg %d": the annex holding the list in a DPA
	listHeads    []string // headings introducing the list
	// listIntros introduce the list: %[1]s publisher's legal name, %[2]s product.
	listIntros []string
	// proseIntros lead an inline enumeration ("We use the following sub-processors:").
	proseIntros []string
	// proseSents name one sub-processor in a sentence: %[1]s name, %[2]s
	// country name, %[3]s purpose (lower case unless the language capitalises nouns).
	proseSents []string

	// parties opens a DPA: %[1]s publisher, %[2]s its registration number, %[3]s its address.
	parties []string
	// pageIntros open a stand-alone list page: %[1]s publisher, %[2]s product.
	pageIntros []string
	clauses    []section // DPA clauses before the annex; %[1]s publisher, %[2]s product
	policy     []section // privacy policy sections; same verbs
	changes    []string  // paragraphs on changes to the list; %[1]s publisher
	contactHds []string
	// contacts give the contact: %[1]s e-mail address, %[2]s phone number, %[3]s publisher.
	contacts []string
	// noLists replace the list in a document without one: %[1]s publisher.
	noLists []string
	updated []string // "Last updated: %s"

	// purposes per kind: sentence-case noun phrases. The first of each has
	// no comma (prose enumerations use it); the others may be longer.
	purposes [numKinds][]string
	dataCats []string // comma-separated categories of personal data
	// storage sentences say where a row's data is kept: %s is a place's "in" phrase.
	storage []string
	// legalCells are legal-basis cell values by code ("SCC", "BCR",
	// "adequacy", "DPF", "none" for not applicable).
	legalCells map[string][]string
	// legalSents are sentences stating a row's transfer mechanism, by code.
	legalSents map[string][]string

	site  site
	pages []string // PDF footers: %[1]d page, %[2]d pages
}

// langs are the languages the generator writes, by ISO 639-1 code.
var langs = map[string]*lang{
	"da": &langDA, "nb": &langNB, "nn": &langNN, "sv": &langSV, "fi": &langFI, "en": &langEN,
	"de": &langDE, "fr": &langFR, "nl": &langNL, "es": &langES, "it": &langIT, "pl": &langPL,
	"pt": &langPT, "is": &langIS,
}
