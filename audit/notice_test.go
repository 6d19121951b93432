package audit

import (
	"strings"
	"testing"
)

func TestFindNotice(t *testing.T) {
	tests := []struct {
		text   string
		days   int // 0: no notice period
		phrase string
	}{
		// Sentences of the test corpus.
		{"Databehandleren skal skriftligt underrette den dataansvarlige om eventuelle planlagte ændringer vedrørende tilføjelse eller udskiftning af underdatabehandlere med mindst 30 dages varsel og derved give", 30, "30 dages varsel"},
		{"3.2 Databehandleren underretter den dataansvarlige skriftligt om påtænkte ændringer senest 30 dage før ændringen træder i kraft.", 30, "30 dage før"},
		{"Vi meddelar kunderna senast 30 dagar innan ett nytt underbiträde börjar användas.", 30, "30 dagar innan"},
		{"Vi informerar kunden senast 30 dagar i förväg om ändringar i denna förteckning.", 30, "30 dagar i förväg"},
		{"Endringer i tabellene varsles på e-post minst 30 dager i forveien.", 30, "30 dager i forveien"},
		{"Endringar i lista varslar vi ferjeselskapa om minst 30 dagar på førehand.", 30, "30 dagar på førehand"},
		{"Nye underleverandørar vert varsla i Montørjobb minst 30 dagar før dei vert tekne i bruk.", 30, "30 dagar før"},
		{"5.2 The Processor shall give at least 30 days' written notice of any new Sub-processor, and the Controller may object.", 30, "30 days' written notice"},
		{"If we add a sub-processor, we update this page and email account owners 30 days in advance.", 30, "30 days in advance"},
		// Other spellings.
		{"We give thirty (30) days’ notice of any change to the sub-processor list.", 30, "(30) days’ notice"},
		{"We give one month's notice of a new subprocessor.", 30, "one month's notice"},
		{"Underdatabehandlere varsles med to ugers varsel.", 14, "to ugers varsel"},
		{"A notice period of at least 14 days applies to new sub-processors.", 14, "notice period of at least 14 days"},
		{"Intro line.\nNew sub-processors: 10 days' notice.\nChanges to the sub-processor list: 45 days' notice.", 45, "45 days' notice"},
		// No notice period.
		{"Efter avtalets upphörande behåller LEVERANTÖREN KUNDENs lösning i 30 dagar från tjänstens upphörande.", 0, ""},
		{"Databehandleren skal skriftligt underrette om ændringer vedrørende underdatabehandlere med mindst [ANGIV TIDSPERIODE] varsel.", 0, ""},
		{"The agreement may be terminated with 30 days' notice.", 0, ""}, // not about sub-processors or changes
		{"We store backups for 30 days before deleting them.", 0, ""},
	}
	s := Default()
	for _, tt := range tests {
		got := s.FindNotice(tt.text)
		switch {
		case tt.days == 0 && got != nil:
			t.Errorf("FindNotice(%q) = %+v, want none", tt.text, *got)
		case tt.days != 0 && got == nil:
			t.Errorf("FindNotice(%q) = none, want %d days", tt.text, tt.days)
		case tt.days != 0 && (got.Days != tt.days || got.Phrase != tt.phrase):
			t.Errorf("FindNotice(%q) = %d days %q, want %d days %q", tt.text, got.Days, got.Phrase, tt.days, tt.phrase)
		}
	}
	if got := s.FindNotice("a\nb\nEndringer varsles minst 30 dager i forveien."); got == nil || got.Line != 3 {
		t.Errorf("line of the notice: got %+v, want line 3", got)
	}
}

// FuzzFindNotice checks that a notice period found is positive and that its
// phrase is on its line.
func FuzzFindNotice(f *testing.F) {
	for _, s := range []string{
		"Underdatabehandlere: mindst 30 dages varsel.",
		"Vi meddelar kunderna senast 30 dagar innan ett nytt underbiträde börjar användas.",
		"We give thirty (30) days’ notice of any change.\nAnd one month's notice of a new subprocessor.",
		"Endringar i lista varslar vi om minst 30 dagar på førehand.",
		"30 dagar från tjänstens upphörande",
	} {
		f.Add(s)
	}
	s := Default()
	f.Fuzz(func(t *testing.T, text string) {
		n := s.FindNotice(text)
		if n == nil {
			return
		}
		lines := strings.Split(text, "\n")
		if n.Days <= 0 || n.Line < 1 || n.Line > len(lines) || !strings.Contains(lines[n.Line-1], n.Phrase) {
			t.Errorf("FindNotice(%q) = %+v", text, *n)
		}
	})
}
