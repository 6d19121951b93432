package pdf

import (
	"errors"
	"fmt"
	"io"
	"strings"

	lpdf "github.com/ledongthuc/pdf"
)

// Content streams are decoded once before they are interpreted, to bound
// what they inflate to and to say what is wrong with them: the library's
// tokenizer reads any amount of data (a 2 KB file can inflate to gigabytes)
// and drops what it cannot parse without a word (arrays nested a million
// deep). The decoded bytes are not kept: the check streams through them.

// maxNesting is how deep arrays and dictionaries may nest in a content
// stream: the library's parser gives up on deeper objects (silently) at
// 1000, and no producer nests more than a few levels.
const maxNesting = 1000

// streamCheck is what decoding one stream found.
type streamCheck struct {
	n     int64 // decoded bytes, up to the limit and a buffer more
	err   error // why it cannot be decoded completely; nil when it can
	limit bool  // err is Options.MaxStreamBytes
	deep  bool  // err is nesting deeper than maxNesting
}

// errStreamBudget stops the interpretation of a page whose content (streams
// and the forms it draws, each time drawn) inflates to more than
// Options.MaxStreamBytes.
type errStreamBudget struct{ max int64 }

// check decodes the stream v (cached per document: a stream referred to
// many times is decoded once) and reports its size and its defects.
func (d *reader) check(v lpdf.Value) streamCheck {
	key := v.String() // the stream's dictionary and its offset in the file
	if c, ok := d.checked[key]; ok {
		return c
	}
	if d.buf == nil {
		d.buf = make([]byte, 64<<10)
	}
	c := decodeCheck(v, d.opt.MaxStreamBytes, d.buf)
	d.checked[key] = c
	return c
}

// decodeCheck reads the decoded data of v, through buf, up to max bytes
// (and a buffer more).
func decodeCheck(v lpdf.Value, max int64, buf []byte) (c streamCheck) {
	defer func() {
		if r := recover(); r != nil {
			c.err = panicError(r)
		}
	}()
	if v.Kind() != lpdf.Stream {
		return streamCheck{err: errors.New("not a stream")}
	}
	rd := v.Reader()
	defer rd.Close()
	var nest nesting
	for {
		k, err := rd.Read(buf)
		c.n += int64(k)
		if nest.scan(buf[:k]) {
			return streamCheck{n: c.n, err: fmt.Errorf("arrays or dictionaries nested more than %d deep", maxNesting), deep: true}
		}
		if c.n > max {
			return streamCheck{n: c.n, err: fmt.Errorf("it inflates to more than %s (the limit)", byteSize(max)), limit: true}
		}
		switch {
		case err == io.EOF:
			return c
		case err != nil:
			c.err = err
			return c
		case k == 0:
			// a reader that returns nothing and no error: give up rather than spin
			c.err = io.ErrNoProgress
			return c
		}
	}
}

// panicError turns what the library panicked with into an error, without
// its "malformed PDF: " prefix (the kind says so already).
func panicError(r any) error {
	msg := fmt.Sprint(r)
	if e, ok := r.(error); ok {
		msg = e.Error()
	}
	return errors.New(strings.TrimPrefix(msg, "malformed PDF: "))
}

// byteSize writes n in the largest binary unit that divides it, e.g. "256 MiB".
func byteSize(n int64) string {
	for _, u := range []struct {
		shift uint
		name  string
	}{{30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return fmt.Sprintf("%d %s", n>>u.shift, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// nesting follows the depth of arrays and dictionaries through a content
// stream read in chunks, skipping strings and comments. It is a cheap
// guard, not a parser: binary inline-image data may fool it, in which case
// it errs on the side of finding nothing.
type nesting struct {
	depth   int
	str     int  // depth of parentheses inside a literal string; 0 outside
	esc     bool // the previous byte in a string was a backslash
	comment bool
	lt, gt  bool // the previous byte was a '<' or '>' outside strings
}

// special marks the bytes scan looks at outside strings and comments.
var special = func() (t [256]bool) {
	for _, c := range []byte("([]<>%") {
		t[c] = true
	}
	return t
}()

// scan follows b and reports whether the depth went past maxNesting.
func (s *nesting) scan(b []byte) bool {
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case s.str > 0:
			switch {
			case s.esc:
				s.esc = false
			case c == '\\':
				s.esc = true
			case c == '(':
				s.str++
			case c == ')':
				s.str--
			}
			continue
		case s.comment:
			s.comment = c != '\n' && c != '\r'
			continue
		case !special[c]:
			s.lt, s.gt = false, false
			continue
		}
		lt, gt := s.lt, s.gt
		s.lt, s.gt = false, false
		switch c {
		case '(':
			s.str = 1
		case '%':
			s.comment = true
		case '[':
			s.depth++
		case ']':
			s.depth = max(0, s.depth-1)
		case '<':
			if lt {
				s.depth++ // "<<"
			} else {
				s.lt = true
			}
		case '>':
			if gt {
				s.depth = max(0, s.depth-1) // ">>"
			} else {
				s.gt = true
			}
		}
		if s.depth > maxNesting {
			return true
		}
	}
	return false
}
