package normalize

import "testing"

var textTests = []struct {
	in, want string
}{
	{"", ""},
	{"  plain  text ", "plain text"},
	{"a\u00a0b\tc\n\nd", "a b c d"},
	{"<p>Anvendes til opbevaring.</p> <p>Denne behandling</p>", "Anvendes til opbevaring. Denne behandling"},
	{"line<br>break<br/>again<br />end", "line break again end"},
	{"<u>BCR</u>", "BCR"},
	{"Intercom:</p> <ul style=\"list-style-type: none\">• Brugernavn", "Intercom: • Brugernavn"},
	{"<b>bold</b>er", "bolder"},
	{"R&amp;D &lt;b&gt;x&lt;/b&gt;", "R&D x"},
	{"AT&amp;amp;T", "AT&T"},
	{"Stephen&#8217;s Green", "Stephen’s Green"},
	{"no&nbsp;break", "no break"},
	{"zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen"},
	{"keep <https://www.zendesk.com/x> and a < b > c", "keep <https://www.zendesk.com/x> and a < b > c"},
	{"<!-- hidden -->shown", "shown"},
	{"<br\u00a0/>x", "x"},
	{"<<b>u>x</u>", "x"},
	{"bad \xff byte", "bad \uFFFD byte"},
	{"R&D", "R&D"},
}

func TestText(t *testing.T) {
	for _, tt := range textTests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Text(tt.want); got != tt.want {
			t.Errorf("Text(%q) = %q, not stable", tt.want, got)
		}
	}
}
