package normalize

import (
	"reflect"
	"testing"
)

var aliasTests = []struct {
	in      string
	name    string
	aliases []string
}{
	{"Amazon Web Services EMEA SARL (AWS)", "Amazon Web Services EMEA SARL", []string{"AWS"}},
	{"Azure (Microsoft)", "Azure", []string{"Microsoft"}},
	{"Google LLC* (G Suite)", "Google LLC", []string{"G Suite"}},
	{"Google LLC†", "Google LLC", nil},
	{"Google LLC¹", "Google LLC", nil},
	{"Google LLC [1]", "Google LLC", nil},
	{"Google LLC<sup>2</sup>", "Google LLC", nil},
	{"**Mailchimp**", "Mailchimp", nil},
	{"__Mailchimp__", "Mailchimp", nil},
	{"*Mailchimp*", "Mailchimp", nil},
	{"[Stripe](https://stripe.com)", "Stripe", nil},
	{"**[Stripe Payments Europe Ltd](https://stripe.com) (Stripe)**", "Stripe Payments Europe Ltd", []string{"Stripe"}},
	{"- Zendesk", "Zendesk", nil},
	{"• Zendesk", "Zendesk", nil},
	{"Intercom R&D Unlimited Company", "Intercom R&D Unlimited Company", nil},
	{"Stripe Payments Europe Ltd (Ireland)", "Stripe Payments Europe Ltd (Ireland)", nil},
	{"Amazon Web Services (EU)", "Amazon Web Services (EU)", nil},
	{"Microsoft Corp. (US)", "Microsoft Corp. (US)", nil},
	{"Telia Company AB (publ)", "Telia Company AB (publ)", nil},
	{"Visma Software AB (formerly Visma Spcs AB)", "Visma Software AB", []string{"Visma Spcs AB"}},
	{"Acme AS (tidligere Foo AS)", "Acme AS", []string{"Foo AS"}},
	{"Acme Inc (d/b/a Widgets)", "Acme Inc", []string{"Widgets"}},
	{`Amazon Web Services EMEA SARL (hereinafter "AWS")`, "Amazon Web Services EMEA SARL", []string{"AWS"}},
	{`Amazon Web Services EMEA SARL (herefter “AWS”)`, "Amazon Web Services EMEA SARL", []string{"AWS"}},
	{"Acme (Building 5, Dublin)", "Acme (Building 5, Dublin)", nil},
	{"Acme (provides hosting of all our customer facing web services)", "Acme (provides hosting of all our customer facing web services)", nil},
	{"Acme Ltd (AC) (Acme Cloud)", "Acme Ltd", []string{"AC", "Acme Cloud"}},
	{"Acme (1)", "Acme", nil},
	{"Acme ()", "Acme", nil},
	{"(AWS)", "(AWS)", nil},
	{"Foo (Bar", "Foo (Bar", nil},
	{"Foo (Foo)", "Foo", nil},
	{"  Foo\u00a0 Bar ,", "Foo Bar", nil},
	{"", "", nil},
	// Words of the other languages.
	{"Userlike UG (haftungsbeschränkt)", "Userlike UG (haftungsbeschränkt)", nil},
	{"Acme GmbH (vormals Beta GmbH)", "Acme GmbH", []string{"Beta GmbH"}},
	{"Amazon Web Services EMEA SARL (im Folgenden „AWS“)", "Amazon Web Services EMEA SARL", []string{"AWS"}},
	{"Amazon Web Services EMEA SARL (ci-après « AWS »)", "Amazon Web Services EMEA SARL", []string{"AWS"}},
	{"Brevo (SAS)", "Brevo (SAS)", nil},
	{"Acme B.V. (voorheen Beta B.V.)", "Acme B.V.", []string{"Beta B.V."}},
	{"Acme S.L. (anteriormente Beta S.A.)", "Acme S.L.", []string{"Beta S.A."}},
	{"Acme S.p.A. (già Beta S.r.l.)", "Acme S.p.A.", []string{"Beta S.r.l."}},
	{"Acme Sp. z o.o. (dawniej Beta Sp. z o.o.)", "Acme Sp. z o.o.", []string{"Beta Sp. z o.o."}},
	{"Acme Oy (aiemmin Beta Oy)", "Acme Oy", []string{"Beta Oy"}},
	{"Acme Lda. (anteriormente Beta Lda.)", "Acme Lda.", []string{"Beta Lda."}},
	{"Acme ehf. (áður Beta ehf.)", "Acme ehf.", []string{"Beta ehf."}},
	{"Acme AG (Schweiz)", "Acme AG (Schweiz)", nil},
	{"Acme SAS (Royaume-Uni)", "Acme SAS (Royaume-Uni)", nil},
}

func TestSplitAlias(t *testing.T) {
	for _, tt := range aliasTests {
		name, aliases := SplitAlias(tt.in)
		if name != tt.name || !reflect.DeepEqual(aliases, tt.aliases) {
			t.Errorf("SplitAlias(%q) = %q, %q; want %q, %q", tt.in, name, aliases, tt.name, tt.aliases)
		}
		if again, _ := SplitAlias(name); again != name {
			t.Errorf("SplitAlias(%q) = %q, not stable", name, again)
		}
	}
}
