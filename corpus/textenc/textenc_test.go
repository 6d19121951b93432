package textenc

import "testing"

func TestLenient(t *testing.T) {
	tests := []struct {
		name           string
		in             []byte
		want           string
		multi, invalid int
	}{
		{"valid UTF-8", []byte("Søren Åbyhøj"), "Søren Åbyhøj", 0, 0},
		{"Windows-1252 only", []byte{'S', 0xf8, 'r', 'e', 'n'}, "Søren", 0, 1},
		{"mostly UTF-8 with one stray byte", []byte("Åbyhøj \xe6"), "Åbyhøj æ", 2, 1},
		{"empty", nil, "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, multi, invalid := Lenient(tt.in)
			if got != tt.want || multi != tt.multi || invalid != tt.invalid {
				t.Errorf("Lenient(%q) = %q, %d, %d; want %q, %d, %d", tt.in, got, multi, invalid, tt.want, tt.multi, tt.invalid)
			}
		})
	}
}
