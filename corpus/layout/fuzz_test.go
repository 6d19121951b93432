package layout

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz input is a list of records. Each starts with an op byte, then x
// and y (uint16, 1/64 pt), a width byte and a size byte (1/4 pt); a run
// record is followed by op>>4 bytes of text. op&3 == 3 is a rule (op&4:
// vertical, length 2×width), with op&8 a page break, or with op&16 a shape
// (width and size bytes its sides in 1/8 pt); otherwise a run, bold when
// op&4.
func decodeFuzz(data []byte) []Page {
	pages := []Page{{Number: 1, Width: 595, Height: 842}}
	for len(data) >= 7 {
		op := data[0]
		x := float64(binary.BigEndian.Uint16(data[1:3])) / 64
		y := float64(binary.BigEndian.Uint16(data[3:5])) / 64
		w, size := float64(data[5]), float64(data[6])/4
		data = data[7:]
		p := &pages[len(pages)-1]
		if op&3 == 3 {
			switch {
			case op&16 != 0:
				p.Shapes = append(p.Shapes, Shape{x, y, x + w/8, y + size*4/8})
			case op&8 != 0:
				pages = append(pages, Page{Number: len(pages) + 1, Width: 595, Height: 842})
			case op&4 != 0:
				p.Rules = append(p.Rules, Segment{x, y, x, y + 2*w})
			default:
				p.Rules = append(p.Rules, Segment{x, y, x + 2*w, y})
			}
			continue
		}
		n := min(int(op>>4), len(data))
		font := "Helvetica"
		if op&4 != 0 {
			font = "Helvetica-Bold"
		}
		p.Runs = append(p.Runs, Run{Text: string(data[:n]), X: x, Y: y, W: w, Size: size, Font: font})
		data = data[n:]
	}
	return pages
}

// encodeFuzz writes pages in the fuzz format, splitting long runs.
func encodeFuzz(pages []Page) []byte {
	var out []byte
	u16 := func(v float64) []byte {
		b := make([]byte, 2)
		binary.BigEndian.PutUint16(b, uint16(math.Max(0, math.Min(65535, v*64))))
		return b
	}
	byteOf := func(v float64) byte { return byte(math.Max(0, math.Min(255, v))) }
	for i, p := range pages {
		if i > 0 {
			out = append(out, 3|8, 0, 0, 0, 0, 0, 0)
		}
		for _, r := range p.Runs {
			text := r.Text
			x := r.X
			total := utf8.RuneCountInString(text)
			for text != "" {
				n := 0
				for n < len(text) {
					_, sz := utf8.DecodeRuneInString(text[n:])
					if n+sz > 15 {
						break
					}
					n += sz
				}
				chunk := text[:n]
				text = text[n:]
				w := r.W * float64(utf8.RuneCountInString(chunk)) / float64(max(1, total))
				op := byte(n<<4) | 0
				if strings.Contains(strings.ToLower(r.Font), "bold") {
					op |= 4
				}
				out = append(out, op)
				out = append(out, u16(x)...)
				out = append(out, u16(r.Y)...)
				out = append(out, byteOf(w), byteOf(r.Size*4))
				out = append(out, chunk...)
				x += w
			}
		}
		for _, s := range p.Shapes {
			out = append(out, 3|16)
			out = append(out, u16(s.X0)...)
			out = append(out, u16(s.Y0)...)
			out = append(out, byteOf((s.X1-s.X0)*8), byteOf((s.Y1-s.Y0)*8))
		}
		for _, s := range p.Rules {
			if math.Abs(s.X1-s.X0) >= math.Abs(s.Y1-s.Y0) {
				out = append(out, 3)
				out = append(out, u16(math.Min(s.X0, s.X1))...)
				out = append(out, u16(s.Y0)...)
				out = append(out, byteOf(math.Abs(s.X1-s.X0)/2), 0)
			} else {
				out = append(out, 3|4)
				out = append(out, u16(s.X0)...)
				out = append(out, u16(math.Min(s.Y0, s.Y1))...)
				out = append(out, byteOf(math.Abs(s.Y1-s.Y0)/2), 0)
			}
		}
	}
	return out
}

// FuzzRender feeds random runs and rules to Render: it must not panic, give
// one box per line, put form feeds only at the start of lines, and give
// each box the page its form feeds say.
func FuzzRender(f *testing.F) {
	for _, pages := range goldenPages(f) {
		f.Add(encodeFuzz(pages))
	}
	f.Add([]byte{})
	f.Add([]byte{0x30, 0, 100, 0, 100, 0, 40, 'a', '-', 'b'})
	f.Fuzz(func(t *testing.T, data []byte) {
		pages := decodeFuzz(data)
		res := Render(pages, Options{})
		checkBoxes(t, res)
		if res.Text == "" {
			return
		}
		page := 1
		for i, l := range strings.Split(res.Text, "\n") {
			if strings.Contains(strings.TrimLeft(l, "\f"), "\f") {
				t.Fatalf("line %d has a form feed inside: %q", i+1, l)
			}
			page += strings.Count(l, "\f")
			if b := res.Boxes[i]; b != (Box{}) && b.Page != page {
				t.Fatalf("line %d: box on page %d, form feeds say %d", i+1, b.Page, page)
			}
		}
	})
}

// TestFuzzRoundTrip checks the fuzz seeds render like the golden pages.
func TestFuzzRoundTrip(t *testing.T) {
	for _, pages := range goldenPages(t) {
		back := decodeFuzz(encodeFuzz(pages))
		if got, want := len(back), len(pages); got != want {
			t.Fatalf("got %d pages back, want %d", got, want)
		}
		for i := range pages {
			if got, want := len(back[i].Shapes), len(pages[i].Shapes); got != want {
				t.Fatalf("page %d: got %d shapes back, want %d", i+1, got, want)
			}
		}
	}
}
