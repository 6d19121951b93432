package lang

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSample(t *testing.T) {
	tests := []struct {
		name, text, want string
		size             int
	}{
		{"empty", "", "", 100},
		{"no letters", "123 456\n---|---\n", "", 100},
		{"url and mail tokens dropped", "Se listen over underdatabehandlere på https://x.dk/a eller skriv til dpo@x.dk", "Se listen over underdatabehandlere på eller skriv til", 100},
		{"url lines dropped", "https://example.com/legal/dpa/subprocessors.html\nwww.example.com", "", 100},
		{"number lines dropped", "Vi bruger disse leverandører til drift\n12.03.2024 | 4.5 | 17\n", "Vi bruger disse leverandører til drift", 100},
		{"short text, all lines", "Amazon\nIrland\nHosting", "Amazon\nIrland\nHosting", 100},
		{"zero budget", "Some words here", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sample(tt.text, tt.size); got != tt.want {
				t.Errorf("Sample = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSamplePrefersProse(t *testing.T) {
	prose := strings.Repeat("Vi benytter følgende underdatabehandlere til at levere tjenesten. ", 5)
	text := "Amazon\nIrland\n" + prose + "\nMicrosoft\n" + prose
	got := Sample(text, 10000)
	if strings.Contains(got, "Amazon") || strings.Contains(got, "Microsoft") {
		t.Errorf("Sample kept short name lines next to enough prose: %q", got)
	}
}

func TestSampleBounded(t *testing.T) {
	var b strings.Builder
	for i := range 2000 {
		b.WriteString("afsnit nummer ")
		b.WriteString(strings.Repeat("ø", i%7+1))
		b.WriteString(" handler om databehandling og sikkerhed\n")
	}
	b.WriteString("SLUTORD i den sidste del af teksten er med\n")
	text := b.String()
	for _, size := range []int{1, 10, 100, 1000, DefaultSampleSize} {
		got := Sample(text, size)
		if len(got) > size {
			t.Errorf("Sample(size=%d) is %d bytes", size, len(got))
		}
		if !utf8.ValidString(got) {
			t.Errorf("Sample(size=%d) is not valid UTF-8", size)
		}
	}
	got := Sample(text, DefaultSampleSize)
	if !strings.HasPrefix(got, "afsnit nummer ø handler") {
		t.Errorf("Sample does not start with the text's head: %.40q", got)
	}
	if !strings.Contains(got, "afsnit nummer øøøøøøø") || strings.Count(got, "\n") < DefaultSampleSize/80 {
		t.Errorf("Sample does not draw from several places of the text")
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"hello world", 20, "hello world"},
		{"hello world", 8, "hello"},
		{"æøåæøå", 5, "æø"},
		{"abc", 0, ""},
	}
	for _, tt := range tests {
		if got := cut(tt.s, tt.n); got != tt.want {
			t.Errorf("cut(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

func FuzzSample(f *testing.F) {
	f.Add("Vi bruger https://x.dk og dpo@x.dk\n1 2 3\n|---|", 50)
	f.Add("æøå\r\næøå", 3)
	f.Fuzz(func(t *testing.T, text string, size int) {
		size %= 1 << 14
		got := Sample(text, size)
		if len(got) > size && size >= 0 {
			t.Fatalf("Sample is %d bytes, size %d", len(got), size)
		}
		if utf8.ValidString(text) && !utf8.ValidString(got) {
			t.Fatalf("Sample of valid UTF-8 is invalid: %q", got)
		}
	})
}
