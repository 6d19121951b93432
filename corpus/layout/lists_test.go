package layout

import "testing"

// TestDashContinuation tells a wrapped line that goes on with a dash
// ("… Ireland" / "– hosting") from a list item marked with a dash.
func TestDashContinuation(t *testing.T) {
	// a full line: the widest of the page, so the next line's first words
	// would not have fitted at its end
	const full = "Amazon Web Services EMEA SARL, 38 avenue John F. Kennedy, L-1855 Luxembourg"
	for _, c := range []struct {
		name string
		draw func(b *builder)
		want string
	}{{
		name: "bullet item goes on",
		draw: func(b *builder) {
			b.text(50, 700, 10, "•")
			b.text(65, 700, 10, full)
			b.text(65, 688, 10, "– hosting of the platform")
			b.text(50, 676, 10, "•")
			b.text(65, 676, 10, "Zendesk Inc. – customer support")
		},
		want: "- " + full + " – hosting of the platform\n- Zendesk Inc. – customer support",
	}, {
		name: "numbered item goes on",
		draw: func(b *builder) {
			b.text(50, 700, 10, "4.")
			b.text(65, 700, 10, full)
			b.text(65, 688, 10, "– Processamento de pagamentos.")
			b.text(50, 676, 10, "5.")
			b.text(65, 676, 10, "Zendesk Inc. – customer support")
		},
		want: "4. " + full + " – Processamento de pagamentos.\n5. Zendesk Inc. – customer support",
	}, {
		name: "item marked with a hyphen goes on with a hyphen",
		draw: func(b *builder) {
			b.text(50, 700, 10, "–")
			b.text(65, 700, 10, full)
			b.text(65, 688, 10, "- Irlanda")
			b.text(50, 676, 10, "–")
			b.text(65, 676, 10, "Frostby Logs AB - Suecia")
		},
		want: "- " + full + " - Irlanda\n- Frostby Logs AB - Suecia",
	}, {
		name: "paragraph goes on",
		draw: func(b *builder) {
			b.text(50, 700, 10, "We use "+full)
			b.text(50, 688, 10, "– hosting of the platform – and no other sub-processor.")
		},
		want: "We use " + full + " – hosting of the platform – and no other sub-processor.",
	}, {
		name: "nested item indented further",
		draw: func(b *builder) {
			b.text(50, 700, 10, "•")
			b.text(65, 700, 10, full)
			b.text(80, 688, 10, "–")
			b.text(95, 688, 10, "hosting of the platform")
			b.text(50, 676, 10, "•")
			b.text(65, 676, 10, "Zendesk Inc. – customer support")
		},
		want: "- " + full + "\n  - hosting of the platform\n- Zendesk Inc. – customer support",
	}, {
		name: "nested item after a short line",
		draw: func(b *builder) {
			b.text(50, 712, 10, "•")
			b.text(65, 712, 10, full)
			b.text(50, 700, 10, "•")
			b.text(65, 700, 10, "Zendesk Inc.: customer support")
			b.text(65, 688, 10, "– ticket history")
		},
		want: "- " + full + "\n- Zendesk Inc.: customer support\n  - ticket history",
	}, {
		name: "next item at the marker",
		draw: func(b *builder) {
			b.text(50, 700, 10, "–")
			b.text(65, 700, 10, full)
			b.text(50, 688, 10, "–")
			b.text(65, 688, 10, "Zendesk Inc. – customer support")
		},
		want: "- " + full + "\n- Zendesk Inc. – customer support",
	}, {
		name: "list after a full line ending a clause",
		draw: func(b *builder) {
			b.text(50, 700, 10, "We use these sub-processors, all of them in the European Union:")
			b.text(50, 688, 10, "– Amazon Web Services EMEA SARL, hosting of the platform")
			b.text(50, 676, 10, "– Zendesk Inc., customer support")
		},
		want: "We use these sub-processors, all of them in the European Union:\n\n- Amazon Web Services EMEA SARL, hosting of the platform\n- Zendesk Inc., customer support",
	}} {
		t.Run(c.name, func(t *testing.T) {
			b := newPage(1)
			c.draw(b)
			if got := render(t, b).Text; got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

// TestNumberedItems keeps the items of a numbered list on consecutive
// lines when an item wraps and does not end a clause: the next number at
// the marker begins the next item. A number that is not the next one, at
// the start of a wrapped line, is a reference in the text.
func TestNumberedItems(t *testing.T) {
	const full = "Arribana Payments Solutions S.A., Rua de Santa Catarina 116, 3000-485 Coimbra"
	for _, c := range []struct {
		name string
		draw func(b *builder)
		want string
	}{{
		name: "wrapped items",
		draw: func(b *builder) {
			for i, m := range []string{"3.", "4.", "5."} {
				y := 700 - float64(i)*24
				b.text(50, y, 10, m)
				b.text(65, y, 10, full)
				b.text(65, y-12, 10, "Processamento de pagamentos")
			}
		},
		want: "3. " + full + " Processamento de pagamentos\n4. " + full + " Processamento de pagamentos\n5. " + full + " Processamento de pagamentos",
	}, {
		name: "letters in brackets",
		draw: func(b *builder) {
			for i, m := range []string{"(a)", "(b)"} {
				y := 700 - float64(i)*24
				b.text(50, y, 10, m)
				b.text(70, y, 10, full)
				b.text(70, y-12, 10, "Processamento de pagamentos")
			}
		},
		want: "(a) " + full + " Processamento de pagamentos\n(b) " + full + " Processamento de pagamentos",
	}, {
		name: "reference at the start of a line",
		draw: func(b *builder) {
			b.text(50, 700, 10, "3.")
			b.text(65, 700, 10, "Parterne angiver de foranstaltninger, der følger af Bestemmelse 8.1. og")
			b.text(50, 688, 10, "9.2. i bilag C, og hvordan databehandleren bistår.")
		},
		want: "3. Parterne angiver de foranstaltninger, der følger af Bestemmelse 8.1. og 9.2. i bilag C, og hvordan databehandleren bistår.",
	}} {
		t.Run(c.name, func(t *testing.T) {
			b := newPage(1)
			c.draw(b)
			if got := render(t, b).Text; got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}
