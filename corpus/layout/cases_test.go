package layout

import "fmt"

// The synthetic documents of the tests, shared by the unit tests, the golden
// files and the fuzz seeds.

var tableHeader = []string{"Name", "Country", "Purpose", "Address"}

var tableRows = [][]string{
	{"Amazon Web Services EMEA SARL", "Luxembourg", "Hosting of the platform, storage and processing of all customer data in the EU region", "38 avenue John F. Kennedy, L-1855 Luxembourg"},
	{"Intercom R&D Unlimited Company", "Ireland", "Customer communication, chat and support messages", "2nd Floor, Stephen Court, 18-21 St. Stephen's Green, Dublin 2"},
	{"MongoDB Limited", "Ireland", "Database add-on to hosting", "Ballsbridge, Dublin 4"},
	{"E-conomic", "Denmark", "Bookkeeping and invoicing for the vendor; no access to customer data at all", "Langebrogade 1, 1411 København K"},
	{"Zapier", "USA", "Integration", "548 Market St, San Francisco"},
}

// tableGrid is the geometry of the four-column table.
func tableGrid(style int, center bool) tgrid {
	pad := 3.0
	if style == noRules {
		pad = 6
	}
	return tgrid{x: []float64{50, 170, 240, 420, 545}, size: 9, lead: 11, pad: pad, style: style, center: center}
}

// tablePage is a page with a title, a paragraph, the table and a closing line.
func tablePage(style int, center bool) []*builder {
	b := newPage(1)
	b.bold(50, 780, 14, "Annex B Sub-processors")
	y := b.para(50, 750, 495, 10, 12, "The processor uses the following sub-processors for the services described in the agreement between the parties.")
	y = b.rows(tableGrid(style, center), y-10, append([][]string{tableHeader}, tableRows...))
	b.para(50, y-24, 495, 10, 12, "The controller has approved the sub-processors listed above.")
	return []*builder{b}
}

// proseHyphen is a page of justified prose with hyphenated line ends: an
// end-of-line hyphen to undo, real hyphens (E-conomic, Pop-up-værktøj) and a
// suspended hyphen ("for- og efternavn").
func proseHyphen() []*builder {
	b := newPage(1)
	b.justified(72, 700, 250, 10, 12,
		"Denne aftale gælder for den behandling, som databe-",
		"handleren foretager for den dataansvarlige, og for",
		"dens underdatabehandlere. Kunden bruger E-conomic,",
		"og E-conomic sender faktura med navn samt for-",
		"og efternavn til et Pop-up-værktøj, der hedder Pop-up-",
		"værktøj, og til databehandleren selv i øvrigt, E-",
		"conomic.")
	b.justified(72, 600, 250, 10, 12, "Et nyt afsnit begynder her efter en tom linje.")
	return []*builder{b}
}

// twoColumns is a page with a full-width title, two columns of prose and a
// full-width closing paragraph.
func twoColumns() []*builder {
	b := newPage(1)
	b.bold(50, 790, 16, "Data Processing Terms")
	left := "The processor shall process personal data only on documented instructions from the controller, including with regard to transfers of personal data to a third country or an international organisation, unless required to do so by Union or Member State law to which the processor is subject. In such a case the processor shall inform the controller of that legal requirement before processing, unless that law prohibits such information on important grounds of public interest. The processor shall immediately inform the controller if, in its opinion, an instruction infringes this Regulation or other Union or Member State data protection provisions."
	right := "The processor shall ensure that persons authorised to process the personal data have committed themselves to confidentiality or are under an appropriate statutory obligation of confidentiality. The processor shall take all measures required pursuant to Article 32 and respect the conditions for engaging another processor. Taking into account the nature of the processing, the processor shall assist the controller by appropriate technical and organisational measures, insofar as this is possible, for the fulfilment of the obligation to respond to requests."
	y1 := b.para(50, 750, 235, 10, 12, left)
	y2 := b.para(310, 750, 235, 10, 12, right)
	b.para(50, min(y1, y2)-20, 495, 10, 12, "This closing paragraph runs across the full width of the page below both columns of text.")
	return []*builder{b}
}

// cutTable is a ruled or borderless table cut by a page break: the last row
// of page 1 goes on on page 2 (its purpose cell), and page 2 repeats the
// header row. Both pages have a running header and a page number.
func cutTable(style int) []*builder {
	g := tableGrid(style, false)
	p1, p2 := newPage(1), newPage(2)
	for i, b := range []*builder{p1, p2} {
		b.text(50, 815, 8, "ACME Data Processing Agreement")
		b.text(280, 25, 8, []string{"Page 1 of 2", "Page 2 of 2"}[i])
	}
	p1.bold(50, 780, 14, "Annex B Sub-processors")
	y := p1.rows(g, 750, [][]string{tableHeader, tableRows[0], tableRows[1]})
	// the last row of page 1 is cut: the rest of its purpose cell is on page 2
	p1.rows(g, y, [][]string{{"Sproom ApS", "Denmark", "Sending and receiving electronic invoices for", "Kalvebod Brygge 39, Copenhagen"}})
	y = p2.rows(g, 790, [][]string{tableHeader, {"", "", "the vendor and its customers", ""}})
	y = p2.rows(g, y, tableRows[2:])
	p2.para(50, y-24, 495, 10, 12, "The controller has approved the sub-processors listed above.")
	return []*builder{p1, p2}
}

// runningHeaders is three pages with a running header, a running footer
// and page numbers in two styles.
func runningHeaders() []*builder {
	var out []*builder
	for n := 1; n <= 3; n++ {
		b := newPage(n)
		b.text(50, 812, 8, "Capturi A/S – Databehandleraftale")
		b.text(480, 812, 8, "Version 2024-03")
		b.text(50, 30, 8, "Fortroligt")
		b.text(500, 30, 8, "Side "+string(rune('0'+n))+" af 3")
		b.para(50, 760, 495, 10, 12, []string{
			"Databehandleren behandler personoplysninger på vegne af den dataansvarlige efter dokumenteret instruks.",
			"Databehandleren sikrer, at personer med adgang til oplysningerne har forpligtet sig til fortrolighed.",
			"Databehandleren bistår den dataansvarlige med at besvare anmodninger fra de registrerede.",
		}[n-1])
		b.text(290, 50, 9, string(rune('0'+n)))
		out = append(out, b)
	}
	return out
}

// mergedCells is a ruled table with a cell spanning two rows (Amazon) and a
// row spanning all columns (a group caption).
func mergedCells() []*builder {
	b := newPage(1)
	xs := []float64{50, 200, 300, 450}
	for _, y := range []float64{700, 684, 636, 620} { // full-width rules
		b.hline(xs[0], xs[3], y, strokes)
	}
	b.hline(xs[1], xs[3], 668, strokes) // Amazon spans rows 2 and 3
	b.hline(xs[0], xs[3], 652, strokes)
	b.vline(xs[0], 620, 700, strokes)
	b.vline(xs[3], 620, 700, strokes)
	for _, x := range xs[1:3] { // inner borders, interrupted by the caption row
		b.vline(x, 652, 700, strokes)
		b.vline(x, 620, 636, strokes)
	}
	b.bold(54, 689, 9, "Name")
	b.bold(204, 689, 9, "Country")
	b.bold(304, 689, 9, "Purpose")
	b.text(54, 665, 9, "Amazon") // vertically centred over two rows
	b.text(204, 673, 9, "Ireland")
	b.text(304, 673, 9, "Hosting")
	b.text(204, 657, 9, "USA")
	b.text(304, 657, 9, "Backup")
	b.text(54, 641, 9, "Support tools")
	b.text(54, 625, 9, "Zendesk")
	b.text(204, 625, 9, "USA")
	b.text(304, 625, 9, "Customer support")
	return []*builder{b}
}

// headerless is a borderless table without a header row, followed by prose.
func headerless() []*builder {
	b := newPage(1)
	rows := [][]string{{"Amazon Web Services", "Ireland", "Hosting and storage of the platform data"}, {"Zendesk Inc.", "USA", "Customer support"}, {"Google LLC", "USA", "Analytics"}}
	y := b.rows(tgrid{x: []float64{50, 200, 300, 500}, size: 10, lead: 12, pad: 6}, 700, rows)
	b.para(50, y-20, 450, 10, 12, "No other sub-processors are used.")
	return []*builder{b}
}

// drawnBullets is a list whose bullets are drawn as small filled circles
// (as Chromium prints them), with an item that wraps, a nested list and
// shapes that are no bullets: a large icon and a dot far from any text.
func drawnBullets() []*builder {
	b := newPage(1)
	b.bold(50, 780, 14, "Sub-processors")
	y := b.para(50, 755, 495, 10, 12, "We use the following sub-processors for the services described in the agreement.")
	item := func(x float64, text string) {
		b.disc(x, y+3, 3)
		y = b.para(x+12, y, 480-x, 10, 12, text)
	}
	item(62, "Amazon Web Services EMEA SARL: hosting of the platform and storage of all customer data in the EU region, with backups in a second region")
	item(62, "Zendesk Inc.: customer support")
	item(84, "ticket history")
	item(84, "chat transcripts")
	item(62, "Stripe Payments Europe Limited: payments")
	b.p.Shapes = append(b.p.Shapes, Shape{X0: 40, Y0: y - 2, X1: 60, Y1: y + 18}) // an icon: too large
	b.disc(300, y-40, 3)                                                          // a dot with no text beside it
	b.para(50, y-14, 495, 10, 12, "The controller has approved these sub-processors.")
	return []*builder{b}
}

// definitionList is a <dl> printed by LibreOffice: terms at the margin,
// definitions indented below them, one of two paragraphs and one that
// wraps; a label ending with a colon; and, after it, prose with a
// first-line indent that is no definition.
func definitionList() []*builder {
	b := newPage(1)
	b.bold(50, 780, 14, "Sub-processors")
	y := 750.0
	def := func(term string, paras ...string) {
		b.text(50, y, 10, term)
		y -= 20
		for _, p := range paras {
			y = b.para(78, y, 400, 10, 12, p) - 8
		}
	}
	def("Amazon Web Services EMEA SARL (AWS)", "Hosting of the booking system and its database in the EU.", "AWS has no access to the content of the database.")
	def("Twilio Ireland Limited", "SMS with access codes and reminders before check-in, sent to the tenants of the cabins on behalf of the owners.")
	def("Purpose:", "Customer support by e-mail and chat")
	y -= 10
	b.text(50, y, 10, "Changes to the list")
	b.justified(70, y-14, 408, 10, 14, "We notify the owners by e-mail at least 30 days before we take a", "")
	b.text(50, y-28, 10, "new sub-processor into use, and they may object within that time.")
	return []*builder{b}
}

// keyValueLines is a key-value block under each name: "Label: value"
// lines, one of them full width (the next label must not run into it) and
// one whose value wraps under itself, right of its label.
func keyValueLines() []*builder {
	b := newPage(1)
	y := 780.0
	for _, v := range []struct{ name, purpose, data string }{
		{"Sales Manago", "Tracking of visitors to the customer's web site, different for every customer; name, e-mail address and phone number", "E-mail address, visited pages"},
		{"LiveAgent", "Chat tool", "E-mail"},
	} {
		b.bold(50, y, 11, v.name)
		y -= 18
		y = b.para(50, y, 495, 10, 12, "Purpose: "+v.purpose)
		y = b.para(50, y, 495, 10, 12, "Personal data: "+v.data)
		b.text(50, y, 10, "Location:")
		b.text(130, y, 10, "EU/EEA, and for support requests")
		b.text(130, y-12, 10, "also the United States")
		y -= 40
	}
	return []*builder{b}
}

// bodyAtPageTops is three pages with a running header and page numbers,
// where body lines start or end pages at the same height: the same country
// line at the top of pages 2 and 3, and address lines that differ only in
// their number at the foot of pages 1 and 2. Only the header and the page
// numbers are running lines.
func bodyAtPageTops() []*builder {
	var out []*builder
	for n, c := range []struct{ top, bottom []string }{
		{[]string{"Sub-processors", "We use the following sub-processors for the services described in the agreement."}, []string{"Ironbark Mail LLC", "121 Main Street"}},
		{[]string{"Norge", "Email delivery for the platform, with the provider certified under the framework."}, []string{"Tallgrass Archive Systems LLC", "137 Main Street"}},
		{[]string{"Norge", "Backups of the platform in a second region, in a separate place of the same country."}, nil},
	} {
		b := newPage(n + 1)
		b.text(50, 812, 8, "ACME A/S – Data Processing Agreement")
		b.text(270, 30, 8, fmt.Sprintf("Page %d of 3", n+1))
		for k, l := range c.top {
			b.text(50, 780-float64(k)*12, 10, l)
		}
		for k, l := range c.bottom {
			b.text(50, 92-float64(k)*12, 10, l)
		}
		out = append(out, b)
	}
	return out
}

// dashContinuation is a bulleted list whose first item wraps onto a line
// that goes on with a dash, a nested item indented further, and a
// numbered list whose items wrap without ending a clause.
func dashContinuation() []*builder {
	b := newPage(1)
	const full = "Amazon Web Services EMEA SARL, 38 avenue John F. Kennedy, L-1855 Luxembourg"
	b.text(50, 700, 10, "–")
	b.text(65, 700, 10, full)
	b.text(65, 688, 10, "– hosting of the platform")
	b.text(50, 676, 10, "–")
	b.text(65, 676, 10, "Zendesk Inc. – customer support")
	b.text(80, 664, 10, "–")
	b.text(95, 664, 10, "ticket history")
	for i, m := range []string{"1.", "2."} {
		y := 630 - float64(i)*24
		b.text(50, y, 10, m)
		b.text(65, y, 10, "Arribana Payments Solutions S.A., Rua de Santa Catarina 116, 3000-485")
		b.text(65, y-12, 10, "Coimbra, Portugal – Processamento de pagamentos")
	}
	return []*builder{b}
}
