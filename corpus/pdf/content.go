package pdf

import (
	"math"
	"strings"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/subproc/subproc/corpus/layout"
)

// matrix is a PDF transformation matrix [a b c d e f]: a point (x, y) maps
// to (a·x + c·y + e, b·x + d·y + f).
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m×n: the transformation m followed by n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// translate returns the matrix moving by (tx, ty) in m's space: T(tx,ty)×m.
func (m matrix) translate(tx, ty float64) matrix {
	m[4] += tx*m[0] + ty*m[2]
	m[5] += tx*m[1] + ty*m[3]
	return m
}

// gstate is the part of the graphics state the reader follows: the CTM and
// the text state parameters (PDF 32000-1, 9.3), saved by q and restored by Q.
type gstate struct {
	ctm   matrix
	font  *font
	size  float64 // Tfs
	tc    float64 // character spacing
	tw    float64 // word spacing
	th    float64 // horizontal scaling, 1 = 100%
	tl    float64 // leading
	rise  float64
	fname string
}

// scope is a resource dictionary (a page's or a form's) with the fonts
// already looked up in it.
type scope struct {
	res   lpdf.Value
	fonts map[string]*font
}

// Limits inside one page.
const (
	maxStack    = 1 << 12 // q nesting kept; deeper q/Q pairs are counted, not saved
	maxRules    = 1 << 17 // ruling segments per page
	maxRuns     = 1 << 20 // runs per page
	maxShapes   = 1 << 14 // small figures per page
	maxShape    = 16.0    // points: larger figures are not bullets
	minShape    = 0.5     // points: smaller ones are specks
	mergeKern   = 150     // TJ adjustments smaller than this (1/1000 em) do not split a run
	joinGap     = 0.1     // a run starting within this many em of the previous one's end continues it
	thinRect    = 3.0     // a filled rectangle at most this thick (points) is a rule
	axisTol     = 0.5     // points a rule may lean off horizontal or vertical
	minRuleSize = 0.5     // shorter segments are dropped
)

// errTooManyOps stops a page whose content exceeds Options.MaxOps.
type errTooManyOps struct{ max int }

// interp runs one page's content stream (and the forms it draws) and
// collects runs, rules and counts.
type interp struct {
	doc       *reader
	page      *layout.Page
	gs        gstate
	stack     []gstate
	overflow  int // q operators beyond maxStack not yet matched by Q
	floor     int // Q does not pop below this depth (the form being drawn's start)
	tm, tlm   matrix
	sc        *scope
	args      []lpdf.Value
	ops       int
	depth     int
	active    map[string]bool // forms being drawn, against cycles
	open      int             // index of the run a TJ may still extend, -1 when none
	lastHoriz bool            // the last run runs left to right along the x axis
	path      []subpath
	stats     pageStats
	budget    int64  // decoded content bytes the page may still use (Options.MaxStreamBytes)
	formErr   *Error // the first form that could not be drawn
}

type point struct{ x, y float64 }

// subpath is a run of connected points; curved when it holds a Bézier piece
// (then it is not a rule). box is the bounding box of its points and
// control points.
type subpath struct {
	pts    []point
	curved bool
	closed bool
	box    [4]float64 // x0, y0, x1, y1
}

func (sp *subpath) grow(p point) {
	if len(sp.pts) == 0 && !sp.curved {
		sp.box = [4]float64{p.x, p.y, p.x, p.y}
		return
	}
	sp.box = [4]float64{math.Min(sp.box[0], p.x), math.Min(sp.box[1], p.y), math.Max(sp.box[2], p.x), math.Max(sp.box[3], p.y)}
}

func newInterp(d *reader, page *layout.Page, ctm matrix, res lpdf.Value) *interp {
	return &interp{
		doc:    d,
		page:   page,
		gs:     gstate{ctm: ctm, th: 1},
		tm:     identity,
		tlm:    identity,
		sc:     &scope{res: res, fonts: map[string]*font{}},
		active: map[string]bool{},
		open:   -1,
		budget: d.opt.MaxStreamBytes,
	}
}

// content interprets a page's content: a stream, or an array of streams
// read as one. Each stream is decoded first (see stream.go): a page whose
// content passes Options.MaxStreamBytes or nests too deep is not
// interpreted at all; when a stream of an array cannot be decoded, the
// others are interpreted one by one, each up to its first defect. The
// error says what broke first.
func (in *interp) content(c lpdf.Value) *Error {
	var parts []lpdf.Value
	switch c.Kind() {
	case lpdf.Stream:
		parts = []lpdf.Value{c}
	case lpdf.Array:
		for i := 0; i < c.Len(); i++ {
			parts = append(parts, c.Index(i))
		}
	default:
		return nil
	}
	num := in.page.Number
	var bad *Error
	for _, part := range parts {
		ck := in.doc.check(part)
		in.budget -= ck.n
		switch {
		case ck.limit || in.budget < 0:
			return limited(num, "MaxStreamBytes", "content streams inflate to more than %s (the limit; a decompression bomb?)", byteSize(in.doc.opt.MaxStreamBytes))
		case ck.deep:
			return malformed(num, "content stream could not be decoded: %v", ck.err)
		case ck.err != nil && bad == nil:
			bad = malformed(num, "content stream could not be decoded: %v", ck.err)
		}
	}
	if bad == nil {
		return in.interpret(c)
	}
	for _, part := range parts {
		if err := in.interpret(part); err != nil && err.Limit != "" {
			return err
		}
	}
	return bad
}

// interpret runs the content stream v. A stream that breaks off keeps what
// was drawn before the break.
func (in *interp) interpret(v lpdf.Value) (err *Error) {
	defer func() {
		if r := recover(); r != nil {
			err = in.stopped(r)
		}
	}()
	lpdf.Interpret(v, in.do)
	return nil
}

// stopped turns what stopped a content stream into the page's error.
func (in *interp) stopped(r any) *Error {
	num := in.page.Number
	switch e := r.(type) {
	case errTooManyOps:
		return limited(num, "MaxOps", "more than %d content operators", e.max)
	case errStreamBudget:
		return limited(num, "MaxStreamBytes", "content streams and the forms they draw inflate to more than %s (the limit; a decompression bomb?)", byteSize(e.max))
	}
	return malformed(num, "content stream could not be decoded: %v", panicError(r))
}

func (in *interp) do(stk *lpdf.Stack, op string) {
	in.ops++
	if in.ops > in.doc.opt.MaxOps {
		panic(errTooManyOps{in.doc.opt.MaxOps})
	}
	n := stk.Len()
	if cap(in.args) < n {
		in.args = make([]lpdf.Value, n)
	}
	args := in.args[:n]
	for i := n - 1; i >= 0; i-- {
		args[i] = stk.Pop()
	}
	num := func(i int) float64 {
		if i < len(args) {
			return args[i].Float64()
		}
		return 0
	}
	if op != "TJ" {
		in.open = -1
	}
	switch op {
	// graphics state
	case "q":
		if len(in.stack) >= maxStack {
			in.overflow++
			return
		}
		in.stack = append(in.stack, in.gs)
	case "Q":
		switch {
		case in.overflow > 0:
			in.overflow--
		case len(in.stack) > in.floor: // an unbalanced Q is ignored
			in.gs = in.stack[len(in.stack)-1]
			in.stack = in.stack[:len(in.stack)-1]
		}
	case "cm":
		if len(args) == 6 {
			in.gs.ctm = matrixOf(args).mul(in.gs.ctm)
		}
	case "gs":
		in.extGState(args)

	// text objects and state
	case "BT":
		in.tm, in.tlm = identity, identity
	case "ET":
	case "Tf":
		if len(args) == 2 {
			in.gs.fname = args[0].Name()
			in.gs.font = in.font(in.gs.fname)
			in.gs.size = args[1].Float64()
		}
	case "Tc":
		in.gs.tc = num(0)
	case "Tw":
		in.gs.tw = num(0)
	case "Tz":
		in.gs.th = num(0) / 100
	case "TL":
		in.gs.tl = num(0)
	case "Ts":
		in.gs.rise = num(0)
	case "Td":
		in.moveLine(num(0), num(1))
	case "TD":
		in.gs.tl = -num(1)
		in.moveLine(num(0), num(1))
	case "Tm":
		if len(args) == 6 {
			in.tm = matrixOf(args)
			in.tlm = in.tm
		}
	case "T*":
		in.moveLine(0, -in.gs.tl)

	// text showing
	case "Tj":
		in.stats.texts++
		if len(args) == 1 {
			in.show(args[0].RawString(), false)
		}
	case "'":
		in.stats.texts++
		if len(args) == 1 {
			in.moveLine(0, -in.gs.tl)
			in.show(args[0].RawString(), false)
		}
	case "\"":
		in.stats.texts++
		if len(args) == 3 {
			in.gs.tw, in.gs.tc = num(0), num(1)
			in.moveLine(0, -in.gs.tl)
			in.show(args[2].RawString(), false)
		}
	case "TJ":
		in.stats.texts++
		if len(args) == 1 {
			in.showArray(args[0])
		}
		in.open = -1

	// external objects
	case "Do":
		if len(args) == 1 {
			in.xobject(args[0].Name())
		}
	case "BI":
		in.stats.images++

	// path construction (in page space: the CTM cannot change inside a path)
	case "m":
		x, y := in.gs.ctm.apply(num(0), num(1))
		in.path = append(in.path, subpath{pts: []point{{x, y}}, box: [4]float64{x, y, x, y}})
	case "l":
		in.lineTo(num(0), num(1), false)
	case "c":
		in.control(num(0), num(1))
		in.control(num(2), num(3))
		in.lineTo(num(4), num(5), true)
	case "v", "y":
		in.control(num(0), num(1))
		in.lineTo(num(2), num(3), true)
	case "h":
		if k := len(in.path); k > 0 {
			in.path[k-1].closed = true
		}
	case "re":
		x, y, w, h := num(0), num(1), num(2), num(3)
		m := in.gs.ctm
		p := func(px, py float64) point { X, Y := m.apply(px, py); return point{X, Y} }
		sp := subpath{closed: true}
		for _, q := range []point{p(x, y), p(x+w, y), p(x+w, y+h), p(x, y+h)} {
			sp.grow(q)
			sp.pts = append(sp.pts, q)
		}
		in.path = append(in.path, sp)

	// path painting
	case "S", "s", "B", "B*", "b", "b*":
		if op == "s" || op == "b" || op == "b*" {
			if k := len(in.path); k > 0 {
				in.path[k-1].closed = true
			}
		}
		in.stroke()
		in.shapes(op[0] == 'B' || op[0] == 'b')
		in.path = in.path[:0]
	case "f", "F", "f*":
		in.fill()
		in.shapes(true)
		in.path = in.path[:0]
	case "n":
		in.path = in.path[:0]
	}
}

func matrixOf(args []lpdf.Value) matrix {
	var m matrix
	for i := range m {
		m[i] = args[i].Float64()
	}
	return m
}

// moveLine starts a new line offset by (tx, ty) from the current line start.
func (in *interp) moveLine(tx, ty float64) {
	in.tlm = in.tlm.translate(tx, ty)
	in.tm = in.tlm
}

// font returns the font named in the current resources, loaded once per
// document: fonts are cached by their dictionary's text (which names the
// objects it refers to), never by resource name, since two pages may call
// different fonts /F1.
func (in *interp) font(name string) *font {
	if f, ok := in.sc.fonts[name]; ok {
		return f
	}
	v := in.sc.res.Key("Font").Key(name)
	var f *font
	if v.Kind() != lpdf.Dict {
		f = fallbackFont(name)
	} else {
		f = in.doc.font(v)
	}
	in.sc.fonts[name] = f
	return f
}

// extGState applies the /Font entry of an ExtGState resource.
func (in *interp) extGState(args []lpdf.Value) {
	if len(args) != 1 {
		return
	}
	fv := in.sc.res.Key("ExtGState").Key(args[0].Name()).Key("Font")
	if fv.Len() == 2 && fv.Index(0).Kind() == lpdf.Dict {
		in.gs.font = in.doc.font(fv.Index(0))
		in.gs.size = fv.Index(1).Float64()
	}
}

// show draws a string at the current text position and appends it as a run
// (or, in a TJ, extends the open run).
func (in *interp) show(raw string, extend bool) {
	g := &in.gs
	f := g.font
	if f == nil {
		f = fallbackFont(g.fname)
		g.font = f
	}
	m := in.tm.mul(g.ctm)
	x0, y0 := m.apply(0, g.rise)
	var text strings.Builder
	f.decode(raw, func(gl glyph) {
		if !gl.bad {
			text.WriteString(gl.text)
		}
		if gl.bad || strings.TrimSpace(gl.text) != "" {
			in.stats.glyphs++
			if gl.bad {
				in.stats.bad++
			}
		}
		tx := gl.width*g.size + g.tc
		if gl.n == 1 && gl.code == ' ' {
			tx += g.tw
		}
		in.tm = in.tm.translate(tx*g.th, 0)
	})
	m = in.tm.mul(g.ctm)
	x1, y1 := m.apply(0, g.rise)
	if extend && in.open >= 0 {
		r := &in.page.Runs[in.open]
		if w := math.Hypot(x1-r.X, y1-r.Y); finite(w) {
			r.Text += text.String()
			r.W = w
			return
		}
	}
	r := layout.Run{
		Text: text.String(),
		X:    x0,
		Y:    y0,
		W:    math.Hypot(x1-x0, y1-y0),
		Size: math.Abs(g.size) * math.Hypot(m[2], m[3]),
		Font: f.name,
	}
	if text.Len() == 0 || len(in.page.Runs) >= maxRuns || !finite(r.X, r.Y, r.W, r.Size) {
		return
	}
	horiz := m[0] > 0 && math.Abs(m[1]) <= 1e-6*m[0]
	if k := len(in.page.Runs) - 1; k >= 0 && horiz && in.lastHoriz {
		// Glyphs placed one by one (Chromium positions each glyph of
		// fractional-size text with its own Td) join the run they continue.
		l := &in.page.Runs[k]
		gap := r.X - (l.X + l.W)
		if l.Font == r.Font && math.Abs(l.Size-r.Size) < 0.01 && math.Abs(l.Y-r.Y) < 0.01 && math.Abs(gap) < joinGap*r.Size {
			l.Text += r.Text
			l.W = r.X + r.W - l.X
			in.open = k
			return
		}
	}
	in.lastHoriz = horiz
	in.page.Runs = append(in.page.Runs, r)
	in.open = len(in.page.Runs) - 1
}

// showArray runs TJ: strings are shown, numbers move the pen back by
// n/1000 em. Adjustments under mergeKern (kerning) keep the strings in one
// run; larger ones (word or column gaps) start a new run.
func (in *interp) showArray(a lpdf.Value) {
	in.open = -1
	for i := 0; i < a.Len(); i++ {
		x := a.Index(i)
		switch x.Kind() {
		case lpdf.String:
			in.show(x.RawString(), in.open >= 0)
		case lpdf.Integer, lpdf.Real:
			n := x.Float64()
			if math.Abs(n) >= mergeKern {
				in.open = -1
			}
			in.tm = in.tm.translate(-n/1000*in.gs.size*in.gs.th, 0)
		}
	}
}

// xobject draws a Form XObject (with its /Matrix and /Resources, up to
// MaxDepth deep, never one inside itself) or counts an image.
func (in *interp) xobject(name string) {
	xo := in.sc.res.Key("XObject").Key(name)
	switch xo.Key("Subtype").Name() {
	case "Image":
		in.stats.images++
	case "Form":
		if in.depth >= in.doc.opt.MaxDepth || xo.Kind() != lpdf.Stream {
			return
		}
		key := xo.String() // the header and the stream's offset in the file
		if in.active[key] {
			return
		}
		ck := in.doc.check(xo)
		in.budget -= ck.n
		if ck.limit || in.budget < 0 {
			panic(errStreamBudget{in.doc.opt.MaxStreamBytes})
		}
		if ck.err != nil {
			in.formError(name, ck.err)
			if ck.deep {
				return
			}
		}
		in.active[key] = true
		saved, savedStack, savedFloor, savedTm, savedTlm, savedSc := in.gs, len(in.stack), in.floor, in.tm, in.tlm, in.sc
		in.floor = savedStack
		defer func() {
			in.gs, in.stack, in.floor, in.tm, in.tlm, in.sc = saved, in.stack[:savedStack], savedFloor, savedTm, savedTlm, savedSc
			in.depth--
			delete(in.active, key)
		}()
		// A form that breaks off keeps what it drew; the page goes on.
		defer func() {
			if r := recover(); r != nil {
				switch r.(type) {
				case errTooManyOps, errStreamBudget:
					panic(r)
				}
				in.formError(name, panicError(r))
			}
		}()
		if m := xo.Key("Matrix"); m.Len() == 6 {
			var fm matrix
			for i := range fm {
				fm[i] = m.Index(i).Float64()
			}
			in.gs.ctm = fm.mul(in.gs.ctm)
		}
		if res := xo.Key("Resources"); res.Kind() == lpdf.Dict {
			in.sc = &scope{res: res, fonts: map[string]*font{}}
		}
		in.depth++
		in.path = in.path[:0]
		lpdf.Interpret(xo, in.do)
		in.path = in.path[:0]
	}
}

// formError keeps the first defect of a form drawn on the page.
func (in *interp) formError(name string, err error) {
	if in.formErr == nil {
		in.formErr = malformed(in.page.Number, "form XObject /%s could not be decoded: %v", name, err)
	}
}

func (in *interp) lineTo(x, y float64, curved bool) {
	X, Y := in.gs.ctm.apply(x, y)
	k := len(in.path)
	if k == 0 {
		in.path = append(in.path, subpath{})
		k = 1
	}
	sp := &in.path[k-1]
	sp.grow(point{X, Y})
	sp.pts = append(sp.pts, point{X, Y})
	sp.curved = sp.curved || curved
}

// control takes a Bézier control point into the box of the current subpath.
func (in *interp) control(x, y float64) {
	if k := len(in.path); k > 0 {
		X, Y := in.gs.ctm.apply(x, y)
		in.path[k-1].grow(point{X, Y})
	}
}

// shapes keeps the small, roughly square figures of the path being
// painted as candidates for list bullets: filled ones (discs, squares) and,
// when it is only stroked, closed curves (circles).
func (in *interp) shapes(filled bool) {
	for _, sp := range in.path {
		x0, y0, x1, y1 := sp.box[0], sp.box[1], sp.box[2], sp.box[3]
		w, h := x1-x0, y1-y0
		if len(sp.pts) < 3 && !sp.curved || !filled && !(sp.curved && sp.closed) ||
			!finite(x0, y0, x1, y1) || len(in.page.Shapes) >= maxShapes {
			continue
		}
		if w < minShape || h < minShape || w > maxShape || h > maxShape || w > 2*h || h > 2*w {
			continue
		}
		in.page.Shapes = append(in.page.Shapes, layout.Shape{X0: x0, Y0: y0, X1: x1, Y1: y1})
	}
}

// stroke keeps the horizontal and vertical straight segments of the path.
func (in *interp) stroke() {
	for _, sp := range in.path {
		if sp.curved {
			continue
		}
		for i := 1; i < len(sp.pts); i++ {
			in.rule(sp.pts[i-1], sp.pts[i])
		}
		if sp.closed && len(sp.pts) > 2 {
			in.rule(sp.pts[len(sp.pts)-1], sp.pts[0])
		}
	}
}

// fill keeps thin filled rectangles (cell borders drawn as fills, as
// Chromium does) as the segment along their middle. Larger fills are
// backgrounds and are not rules.
func (in *interp) fill() {
	for _, sp := range in.path {
		if sp.curved {
			continue
		}
		x0, y0, x1, y1, ok := rectOf(sp.pts)
		if !ok {
			continue
		}
		w, h := x1-x0, y1-y0
		switch {
		case h <= thinRect && w > h:
			in.rule(point{x0, (y0 + y1) / 2}, point{x1, (y0 + y1) / 2})
		case w <= thinRect && h > w:
			in.rule(point{(x0 + x1) / 2, y0}, point{(x0 + x1) / 2, y1})
		}
	}
}

// rectOf returns the box of points that form an axis-aligned rectangle (4
// corners, or 5 with the first repeated).
func rectOf(pts []point) (x0, y0, x1, y1 float64, ok bool) {
	if len(pts) == 5 && near(pts[0], pts[4]) {
		pts = pts[:4]
	}
	if len(pts) != 4 {
		return 0, 0, 0, 0, false
	}
	x0, y0, x1, y1 = pts[0].x, pts[0].y, pts[0].x, pts[0].y
	for _, p := range pts[1:] {
		x0, x1 = math.Min(x0, p.x), math.Max(x1, p.x)
		y0, y1 = math.Min(y0, p.y), math.Max(y1, p.y)
	}
	for _, p := range pts {
		onX := math.Abs(p.x-x0) <= axisTol || math.Abs(p.x-x1) <= axisTol
		onY := math.Abs(p.y-y0) <= axisTol || math.Abs(p.y-y1) <= axisTol
		if !onX || !onY {
			return 0, 0, 0, 0, false
		}
	}
	return x0, y0, x1, y1, true
}

func near(a, b point) bool { return math.Abs(a.x-b.x) <= axisTol && math.Abs(a.y-b.y) <= axisTol }

// rule adds the segment a–b when it is horizontal or vertical, ordered
// left to right or bottom to top.
func (in *interp) rule(a, b point) {
	if len(in.page.Rules) >= maxRules {
		return
	}
	dx, dy := math.Abs(b.x-a.x), math.Abs(b.y-a.y)
	if !finite(a.x, a.y, b.x, b.y) {
		return
	}
	switch {
	case dy <= axisTol && dx >= minRuleSize:
		y := (a.y + b.y) / 2
		in.page.Rules = append(in.page.Rules, layout.Segment{X0: math.Min(a.x, b.x), Y0: y, X1: math.Max(a.x, b.x), Y1: y})
	case dx <= axisTol && dy >= minRuleSize:
		x := (a.x + b.x) / 2
		in.page.Rules = append(in.page.Rules, layout.Segment{X0: x, Y0: math.Min(a.y, b.y), X1: x, Y1: math.Max(a.y, b.y)})
	}
}

// finite reports whether all xs are neither infinite nor NaN (a hostile
// matrix can make them so).
func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return false
		}
	}
	return true
}
