// Package pdf reads the positioned text and ruling lines of PDF pages, for
// the layout package to rebuild lines, blocks and tables from.
//
// It is built on the low-level API of github.com/ledongthuc/pdf (objects,
// streams and its content-stream tokenizer) and does the rest itself: the
// page tree, graphics and text state, fonts (widths, encodings, ToUnicode),
// Form XObjects and path painting. The library is not safe on hostile input
// (some files hang it or exhaust memory); Read recovers its panics and avoids
// the known traps it can see, but running it in a guarded process is the
// caller's job.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/subproc/subproc/corpus/layout"
)

// Defaults for the zero Options.
const (
	DefaultMaxPages       = 2000
	DefaultMaxOps         = 5_000_000
	DefaultMaxDepth       = 10
	DefaultMaxStreamBytes = 256 << 20
)

// Options bound the work Read does. The zero value uses the defaults.
type Options struct {
	MaxPages int // pages read; a document with more is refused (0: DefaultMaxPages)
	MaxOps   int // content operators run per page, forms included (0: DefaultMaxOps)
	MaxDepth int // Form XObjects nested inside each other (0: DefaultMaxDepth)

	// MaxStreamBytes bounds the decoded content of one page: its content
	// streams and the Form XObjects it draws, each time it draws them (0:
	// DefaultMaxStreamBytes). A page past it is refused before its content
	// is interpreted: a compression bomb is turned down after inflating
	// this much, in about a second.
	MaxStreamBytes int64
}

func (o Options) withDefaults() Options {
	if o.MaxPages <= 0 {
		o.MaxPages = DefaultMaxPages
	}
	if o.MaxOps <= 0 {
		o.MaxOps = DefaultMaxOps
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxStreamBytes <= 0 {
		o.MaxStreamBytes = DefaultMaxStreamBytes
	}
	return o
}

// Read returns the positioned text and rules of every page of the PDF in
// data, in page order, with coordinates in points from the bottom-left
// corner of the page's MediaBox, as the page is displayed (/Rotate applied).
//
// Runs come in content-stream order: one per shown string, a TJ's strings
// joined while the adjustments between them are kerning-sized. Glyphs with
// no Unicode text are left out of Text but still advance the pen.
//
// Errors are *Error: ErrEncrypted when the file needs a password or an
// encryption the library gets wrong (files "protected" with an empty user
// password are read with RC4 128-bit and AES-128, not with RC4 below 128
// bits or AES-256); ErrNoText when the pages draw images and no text (a
// scan); ErrFontEncoding when most glyphs have no Unicode mapping; and
// ErrMalformed for the rest, which includes content streams that cannot be
// decoded or pass the Options' limits (Error.Limit then names the option),
// and pages that draw neither text nor images. A page whose content stream
// breaks off keeps the runs read before the break; the document fails only
// if no text was read, and then a damaged stream is reported before any
// verdict on the document's kind.
func Read(data []byte, opt Options) (pages []layout.Page, err error) {
	opt = opt.withDefaults()
	defer func() {
		if r := recover(); r != nil {
			pages, err = nil, malformed(0, "%v", panicError(r))
		}
	}()
	data = repair(data)
	if err := checkXref(data); err != nil {
		return nil, err
	}
	lr, err := open(data)
	if err != nil {
		return nil, err
	}
	leaves, err := pageTree(lr, opt.MaxPages)
	if err != nil {
		return nil, err
	}
	encrypted := !lr.Trailer().Key("Encrypt").IsNull()
	d := &reader{opt: opt, fonts: map[string]*font{}, checked: map[string]streamCheck{}}
	var first, limit *Error
	var failed int
	var total pageStats
	for i, pv := range leaves {
		p, st, perr := d.page(pv, i+1)
		pages = append(pages, p)
		total.add(st)
		if perr == nil {
			continue
		}
		failed++
		if first == nil {
			first = perr
		}
		if limit == nil && perr.Limit != "" {
			limit = perr
		}
	}
	switch {
	case total.glyphs == 0 && first != nil && encrypted:
		// The library opened the file but its decryption produced garbage
		// (it gets RC4 keys shorter than 128 bits wrong).
		return nil, &Error{Kind: ErrEncrypted, Reason: fmt.Sprintf("%s: the PDF library could not decrypt it (%s)", cipherOf(data), first.Reason), Hint: hintEncrypted}
	case total.glyphs == 0 && limit != nil:
		return nil, limit.andMore(failed - 1)
	case total.glyphs == 0 && first != nil:
		return nil, first.andMore(failed - 1)
	case total.glyphs == 0 && total.images > 0:
		what := "no text operators"
		if total.texts > 0 {
			what = "text operators that show only blanks"
		}
		return nil, &Error{Kind: ErrNoText, Reason: fmt.Sprintf("%s with %s, %s", plural(len(pages), "page"), plural(total.images, "image"), what), Hint: hintNoText}
	case total.glyphs == 0:
		if err := resourceError(leaves); err != nil {
			return nil, err
		}
		return nil, &Error{Kind: ErrMalformed,
			Reason: fmt.Sprintf("%s without text or images (blank, or the text is drawn as outlines)", plural(len(pages), "page"))}
	case total.bad*2 > total.glyphs:
		return nil, &Error{Kind: ErrFontEncoding, Reason: fmt.Sprintf("%d of %d glyphs have no Unicode mapping", total.bad, total.glyphs), Hint: hintFontEncoding}
	}
	return pages, nil
}

// plural writes n and the noun, plural when n is not 1: "1 page", "3 images".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// resourceError looks up every resource of the pages (which drawing
// content does only for the resources it names) and reports the first that
// the library cannot load: on a page that shows nothing, a broken object
// there is the likely reason.
func resourceError(leaves []lpdf.Value) (err *Error) {
	num := 0
	defer func() {
		if r := recover(); r != nil {
			err = malformed(num, "resources could not be read: %v", panicError(r))
		}
	}()
	for i, pv := range leaves {
		num = i + 1
		res := inherited(pv, "Resources")
		for _, cat := range res.Keys() {
			v := res.Key(cat)
			for _, k := range v.Keys() {
				v.Key(k).Kind()
			}
		}
	}
	return nil
}

// reader holds what is shared by the pages of one document.
type reader struct {
	opt     Options
	fonts   map[string]*font       // by the font dictionary's text
	checked map[string]streamCheck // content streams decoded so far, by stream
	buf     []byte                 // what check decodes through
}

func (d *reader) font(v lpdf.Value) *font {
	key := v.String()
	if f, ok := d.fonts[key]; ok {
		return f
	}
	f := loadFont(v)
	d.fonts[key] = f
	return f
}

// pageStats counts what a page drew.
type pageStats struct {
	glyphs, bad int // non-space glyphs shown, and those of them without Unicode
	texts       int // text-showing operators run
	images      int // images drawn (XObjects and inline)
}

func (s *pageStats) add(o pageStats) {
	s.glyphs += o.glyphs
	s.bad += o.bad
	s.texts += o.texts
	s.images += o.images
}

// page reads one page. When its content is damaged it returns what was
// read before the damage, with the error.
func (d *reader) page(pv lpdf.Value, num int) (p layout.Page, st pageStats, err *Error) {
	p.Number = num
	var in *interp
	defer func() {
		if r := recover(); r != nil {
			err = malformed(num, "%v", panicError(r))
		}
		if in != nil {
			st = in.stats
		}
	}()
	ctm := pageSpace(&p, inherited(pv, "MediaBox"), int(inherited(pv, "Rotate").Int64()))
	in = newInterp(d, &p, ctm, inherited(pv, "Resources"))
	if err := in.content(pv.Key("Contents")); err != nil {
		return p, st, err
	}
	if in.formErr != nil {
		return p, st, in.formErr
	}
	return p, st, nil
}

// inherited looks key up in a page and its ancestors (at most 32, so that a
// /Parent cycle cannot hang).
func inherited(v lpdf.Value, key string) lpdf.Value {
	for i := 0; i < 32 && v.Kind() == lpdf.Dict; i++ {
		if x := v.Key(key); !x.IsNull() {
			return x
		}
		v = v.Key("Parent")
	}
	return lpdf.Value{}
}

// pageSpace sets the page's size from its MediaBox (US Letter when missing)
// and /Rotate, and returns the matrix from default user space to page
// space: origin at the box's bottom-left corner, as displayed.
func pageSpace(p *layout.Page, box lpdf.Value, rotate int) matrix {
	x0, y0, x1, y1 := 0.0, 0.0, 612.0, 792.0
	if box.Len() == 4 {
		a, b, c, e := box.Index(0).Float64(), box.Index(1).Float64(), box.Index(2).Float64(), box.Index(3).Float64()
		if c != a && e != b && finite(a, b, c, e) && math.Abs(c-a) < 1e6 && math.Abs(e-b) < 1e6 {
			x0, y0, x1, y1 = math.Min(a, c), math.Min(b, e), math.Max(a, c), math.Max(b, e)
		}
	}
	w, h := x1-x0, y1-y0
	m := matrix{1, 0, 0, 1, -x0, -y0}
	switch ((rotate % 360) + 360) % 360 {
	case 90: // shown turned clockwise: (x, y) → (y, w-x)
		m = m.mul(matrix{0, -1, 1, 0, 0, w})
		w, h = h, w
	case 180:
		m = m.mul(matrix{-1, 0, 0, -1, w, h})
	case 270:
		m = m.mul(matrix{0, 1, -1, 0, h, 0})
		w, h = h, w
	}
	p.Width, p.Height = w, h
	return m
}

// pageTree lists the page objects in order. It walks /Kids itself (the
// library's Page(i) trusts /Count and loops on a tree that contains itself):
// an intermediate node seen before is skipped, and the depth is bounded.
func pageTree(r *lpdf.Reader, max int) ([]lpdf.Value, error) {
	root := r.Trailer().Key("Root").Key("Pages")
	if root.Kind() != lpdf.Dict {
		return nil, malformed(0, "no page tree")
	}
	var pages []lpdf.Value
	seen := map[string]bool{}
	var walk func(n lpdf.Value, depth int) error
	walk = func(n lpdf.Value, depth int) error {
		kids := n.Key("Kids")
		switch {
		case n.Key("Type").Name() == "Page", kids.Kind() != lpdf.Array && n.Kind() == lpdf.Dict && !n.Key("Contents").IsNull():
			if len(pages) >= max {
				return malformed(0, "more than %d pages", max)
			}
			pages = append(pages, n)
			return nil
		case kids.Kind() != lpdf.Array || depth > 64:
			return nil
		}
		key := n.String() // its /Kids references, /Count, /Parent...
		if seen[key] {
			return nil
		}
		seen[key] = true
		for i := 0; i < kids.Len(); i++ {
			if err := walk(kids.Index(i), depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, 0); err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, malformed(0, "no pages")
	}
	return pages, nil
}

// open opens the file with the library and sorts its refusals into
// ErrEncrypted and ErrMalformed.
func open(data []byte) (r *lpdf.Reader, err error) {
	defer func() {
		if x := recover(); x != nil {
			r, err = nil, malformed(0, "%v", panicError(x))
		}
	}()
	r, err = lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err == nil {
		return r, nil
	}
	reason := err.Error()
	if i := strings.Index(reason, ";"); i >= 0 { // the library appends the whole /Encrypt dictionary
		reason = reason[:i]
	}
	if errors.Is(err, lpdf.ErrInvalidPassword) {
		return nil, &Error{Kind: ErrEncrypted, Reason: cipherOf(data) + ": a password is needed to open it", Hint: hintEncrypted}
	}
	if encryptRe.Match(data) {
		return nil, &Error{Kind: ErrEncrypted, Reason: cipherOf(data) + ": the PDF library cannot decrypt it (" + reason + ")", Hint: hintEncrypted}
	}
	return nil, malformed(0, "%s", strings.TrimPrefix(reason, "malformed PDF: "))
}

var (
	encryptRe = regexp.MustCompile(`/Encrypt\s*(?:(\d+)\s+(\d+)\s+R|<<)`)
	cryptVRe  = regexp.MustCompile(`/V\s+(\d+)`)
	cryptRRe  = regexp.MustCompile(`/R\s+(\d+)`)
	cryptLRe  = regexp.MustCompile(`/Length\s+(\d+)`)
)

// cipherOf names the encryption from the text of the /Encrypt dictionary,
// e.g. "AES-256 encryption (V=5, R=6)".
func cipherOf(data []byte) string {
	m := encryptRe.FindSubmatchIndex(data)
	if m == nil {
		return "encryption"
	}
	start := m[1] - 2 // the "<<" of a direct dictionary
	if m[2] >= 0 {
		def := regexp.MustCompile(`(?m)^\s*` + string(data[m[2]:m[3]]) + `\s+` + string(data[m[4]:m[5]]) + `\s+obj\b`)
		d := def.FindIndex(data)
		if d == nil {
			return "encryption"
		}
		start = d[1]
	}
	dict := data[start:min(len(data), start+1024)]
	if i := bytes.Index(dict, []byte("endobj")); i > 0 {
		dict = dict[:i]
	}
	num := func(re *regexp.Regexp) int {
		if x := re.FindSubmatch(dict); x != nil {
			n, _ := strconv.Atoi(string(x[1]))
			return n
		}
		return 0
	}
	v, r, length := num(cryptVRe), num(cryptRRe), num(cryptLRe)
	name := "encryption"
	switch {
	case v == 1 || v == 2 && (length == 0 || length == 40):
		name = "RC4 40-bit encryption"
	case v == 2:
		name = fmt.Sprintf("RC4 %d-bit encryption", length)
	case v == 4 && bytes.Contains(dict, []byte("AESV2")):
		name = "AES-128 encryption"
	case v == 4:
		name = "RC4 128-bit encryption"
	case v == 5:
		name = "AES-256 encryption"
	}
	return fmt.Sprintf("%s (V=%d, R=%d)", name, v, r)
}

// repair mends, in place of the library which refuses them, three common
// harmless defects that do not move any object: bytes before "%PDF-" (a BOM
// or mail junk; xref offsets count from the header, so dropping them puts the
// offsets right), bytes after the last "%%EOF", and a "%PDF-2.x" header
// (read as 1.7). data itself is never changed.
func repair(data []byte) []byte {
	if i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-")); i > 0 {
		data = data[i:]
	}
	tail := max(0, len(data)-4096)
	if i := bytes.LastIndex(data[tail:], []byte("%%EOF")); i >= 0 {
		data = data[:tail+i+len("%%EOF")]
	}
	if bytes.HasPrefix(data, []byte("%PDF-2.")) && len(data) > 8 {
		data = append([]byte("%PDF-1.7"), data[8:]...)
	}
	return data
}

var (
	xrefSizeRe  = regexp.MustCompile(`/Size\s+(\d+)`)
	xrefIndexRe = regexp.MustCompile(`/Index\s*\[([\d\s]*)\]`)
)

// checkXref refuses cross-reference sections that declare far more objects
// than the file could hold: the library allocates a table entry for every
// declared object number up front, and a 700-byte file claiming a billion
// objects kills the process with an unrecoverable out-of-memory error.
func checkXref(data []byte) error {
	limit := len(data)/2 + 1<<16
	check := func(n int64) error {
		if n > int64(limit) {
			return malformed(0, "cross-reference section declares %d objects in a %d-byte file", n, len(data))
		}
		return nil
	}
	for _, m := range xrefSizeRe.FindAllSubmatch(data, -1) {
		n, _ := strconv.ParseInt(string(m[1]), 10, 64)
		if err := check(n); err != nil {
			return err
		}
	}
	for _, m := range xrefIndexRe.FindAllSubmatch(data, -1) {
		f := strings.Fields(string(m[1]))
		for i := 0; i+1 < len(f); i += 2 {
			a, _ := strconv.ParseInt(f[i], 10, 64)
			b, _ := strconv.ParseInt(f[i+1], 10, 64)
			if err := check(a + b); err != nil {
				return err
			}
		}
	}
	// Classic tables: "xref" then subsections "start count" and count entries.
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("xref"))
		if i < 0 {
			return nil
		}
		off += i + 4
		if off >= 9 && string(data[off-9:off]) == "startxref" {
			continue
		}
		sc := fieldScanner{b: data[off:]}
		for {
			a, ok1 := sc.int()
			b, ok2 := sc.int()
			if !ok1 || !ok2 || b < 0 {
				break
			}
			if err := check(a + b); err != nil {
				return err
			}
			for j := int64(0); j < 3*b && sc.next() != ""; j++ {
			}
		}
	}
}

// fieldScanner cuts whitespace-separated fields off b.
type fieldScanner struct{ b []byte }

func (s *fieldScanner) next() string {
	for len(s.b) > 0 && isPSSpace(s.b[0]) {
		s.b = s.b[1:]
	}
	j := 0
	for j < len(s.b) && !isPSSpace(s.b[j]) {
		j++
	}
	f := string(s.b[:j])
	s.b = s.b[j:]
	return f
}

func (s *fieldScanner) int() (int64, bool) {
	n, err := strconv.ParseInt(s.next(), 10, 64)
	return n, err == nil
}
