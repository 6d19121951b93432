package gen

import "testing"

// BenchmarkGenerate measures generation alone (no file writes), all
// languages, layouts and formats cycling.
func BenchmarkGenerate(b *testing.B) {
	var bytes int64
	n := 0
	for b.Loop() {
		d, err := One(Options{Seed: 1}, n)
		if err != nil {
			b.Fatal(err)
		}
		bytes += int64(len(d.Data))
		n++
	}
	b.SetBytes(bytes / int64(max(n, 1)))
}

// BenchmarkGenerateFormat measures one format at a time.
func BenchmarkGenerateFormat(b *testing.B) {
	for _, f := range Formats {
		b.Run(f, func(b *testing.B) {
			var bytes int64
			n := 0
			for b.Loop() {
				d, err := One(Options{Seed: 1, Formats: []string{f}}, n)
				if err != nil {
					b.Fatal(err)
				}
				bytes += int64(len(d.Data))
				n++
			}
			b.SetBytes(bytes / int64(max(n, 1)))
		})
	}
}
