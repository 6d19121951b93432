package layout

import (
	"math"
	"sort"
)

// ruleTol is how far apart, in points, two rule edges may be and still be one
// rule: the two edges of a thin filled rectangle, the borders of two adjacent
// cells, a rule that stops just short of the one it meets.
const ruleTol = 2.0

// maxRules bounds the rules one page may have for grid detection; a page with
// more (a drawing, a chart) is read without ruled tables.
const maxRules = 3000

type hseg struct{ y, x0, x1 float64 }
type vseg struct{ x, y0, y1 float64 }

// splitRules sorts segments into horizontal and vertical rules and merges the
// pieces of one rule. Slanted and tiny segments are dropped.
func splitRules(segs []Segment) (hs []hseg, vs []vseg) {
	for _, s := range segs {
		if !finite(s.X0, s.Y0, s.X1, s.Y1) {
			continue
		}
		dx, dy := math.Abs(s.X1-s.X0), math.Abs(s.Y1-s.Y0)
		switch {
		case dy <= 1 && dx >= 2:
			hs = append(hs, hseg{(s.Y0 + s.Y1) / 2, math.Min(s.X0, s.X1), math.Max(s.X0, s.X1)})
		case dx <= 1 && dy >= 2:
			vs = append(vs, vseg{(s.X0 + s.X1) / 2, math.Min(s.Y0, s.Y1), math.Max(s.Y0, s.Y1)})
		}
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i].y < hs[j].y })
	var mh []hseg
	for i := 0; i < len(hs); {
		j := i
		for j < len(hs) && hs[j].y-hs[i].y <= ruleTol {
			j++
		}
		mh = append(mh, mergeH(hs[i:j])...)
		i = j
	}
	sort.Slice(vs, func(i, j int) bool { return vs[i].x < vs[j].x })
	var mv []vseg
	for i := 0; i < len(vs); {
		j := i
		for j < len(vs) && vs[j].x-vs[i].x <= ruleTol {
			j++
		}
		mv = append(mv, mergeV(vs[i:j])...)
		i = j
	}
	return mh, mv
}

func mergeH(c []hseg) []hseg {
	y := 0.0
	for _, h := range c {
		y += h.y
	}
	y /= float64(len(c))
	sort.Slice(c, func(i, j int) bool { return c[i].x0 < c[j].x0 })
	var out []hseg
	for _, h := range c {
		if n := len(out); n > 0 && h.x0 <= out[n-1].x1+ruleTol {
			out[n-1].x1 = math.Max(out[n-1].x1, h.x1)
			continue
		}
		out = append(out, hseg{y, h.x0, h.x1})
	}
	return out
}

func mergeV(c []vseg) []vseg {
	x := 0.0
	for _, v := range c {
		x += v.x
	}
	x /= float64(len(c))
	sort.Slice(c, func(i, j int) bool { return c[i].y0 < c[j].y0 })
	var out []vseg
	for _, v := range c {
		if n := len(out); n > 0 && v.y0 <= out[n-1].y1+ruleTol {
			out[n-1].y1 = math.Max(out[n-1].y1, v.y1)
			continue
		}
		out = append(out, vseg{x, v.y0, v.y1})
	}
	return out
}

type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u unionFind) join(a, b int) { u[u.find(a)] = u.find(b) }

// cluster returns the sorted distinct values of vs, values within ruleTol
// of the previous one being the same.
func cluster(vs []float64) []float64 {
	sort.Float64s(vs)
	var out []float64
	for _, v := range vs {
		if n := len(out); n > 0 && v-out[n-1] <= ruleTol {
			continue
		}
		out = append(out, v)
	}
	return out
}

func overlap(a0, a1, b0, b1 float64) float64 {
	return math.Max(0, math.Min(a1, b1)-math.Max(a0, b0))
}

// gridTables finds tables drawn with cell borders and takes their words.
//
// Rules that touch one another form a grid; a grid with two columns or more
// is a table. Its column borders are the x of its vertical rules (and the ends
// of its horizontal rules where the outer border is missing); its row borders
// are the y of its horizontal rules (and the ends of the vertical rules where
// a table cut by a page break has no closing rule). Policy: a cell whose
// inner border is missing spans columns or rows (merged cell); its text goes
// to its top-left slot and the slots it covers stay empty, so a cell spanning
// rows reads as one row followed by continuation rows. Rows with no text are
// dropped. A grid of one column (a frame, a boxed note) is not a table: its
// horizontal rules are returned as hints to split rows of a borderless table.
func gridTables(hs []hseg, vs []vseg, lines [][]word, page int, j *joiner) (tabs []*table, rest [][]word, hints []hseg) {
	if len(hs)+len(vs) > maxRules || len(hs) == 0 || len(vs) == 0 {
		return nil, lines, hs
	}
	n := len(hs) + len(vs)
	u := newUnionFind(n)
	for i, h := range hs {
		for k, v := range vs {
			if v.x >= h.x0-ruleTol && v.x <= h.x1+ruleTol && h.y >= v.y0-ruleTol && h.y <= v.y1+ruleTol {
				u.join(i, len(hs)+k)
			}
		}
	}
	comps := map[int][]int{}
	var roots []int
	for i := 0; i < n; i++ {
		r := u.find(i)
		if _, ok := comps[r]; !ok {
			roots = append(roots, r)
		}
		comps[r] = append(comps[r], i)
	}
	claimed := map[[2]int]bool{} // line, word index
	for _, r := range roots {
		var ch []hseg
		var cv []vseg
		for _, i := range comps[r] {
			if i < len(hs) {
				ch = append(ch, hs[i])
			} else {
				cv = append(cv, vs[i-len(hs)])
			}
		}
		t := grid(ch, cv, lines, claimed, page, j)
		if t == nil {
			hints = append(hints, ch...)
			continue
		}
		tabs = append(tabs, t)
	}
	for li, l := range lines {
		var ws []word
		for wi, w := range l {
			if !claimed[[2]int{li, wi}] {
				ws = append(ws, w)
			}
		}
		rest = append(rest, ws)
	}
	return tabs, rest, hints
}

// grid builds the table of one connected set of rules, or returns nil.
func grid(hs []hseg, vs []vseg, lines [][]word, claimed map[[2]int]bool, page int, j *joiner) *table {
	if len(vs) == 0 || len(hs) == 0 {
		return nil
	}
	var xv, yv []float64
	left, right := math.Inf(1), math.Inf(-1)
	top, bottom := math.Inf(-1), math.Inf(1)
	for _, v := range vs {
		xv = append(xv, v.x)
		top, bottom = math.Max(top, v.y1), math.Min(bottom, v.y0)
	}
	for _, h := range hs {
		yv = append(yv, h.y)
		left, right = math.Min(left, h.x0), math.Max(right, h.x1)
	}
	xs := cluster(append(xv, left, right))
	ys := cluster(append(yv, top, bottom))
	// ys top to bottom
	for a, b := 0, len(ys)-1; a < b; a, b = a+1, b-1 {
		ys[a], ys[b] = ys[b], ys[a]
	}
	ncols, nrows := len(xs)-1, len(ys)-1
	if ncols < 2 || nrows < 1 || ncols*nrows > 100000 {
		return nil
	}
	hasV := func(k, r int) bool { // border at xs[k] within row r
		h := ys[r] - ys[r+1]
		for _, v := range vs {
			if math.Abs(v.x-xs[k]) <= ruleTol && overlap(v.y0, v.y1, ys[r+1], ys[r]) >= 0.5*h {
				return true
			}
		}
		return false
	}
	hasH := func(r, k int) bool { // border at ys[r] within column k
		w := xs[k+1] - xs[k]
		for _, h := range hs {
			if math.Abs(h.y-ys[r]) <= ruleTol && overlap(h.x0, h.x1, xs[k], xs[k+1]) >= 0.5*w {
				return true
			}
		}
		return false
	}
	slot := func(r, k int) int { return r*ncols + k }
	u := newUnionFind(nrows * ncols)
	for r := 0; r < nrows; r++ {
		for k := 1; k < ncols; k++ {
			if !hasV(k, r) {
				u.join(slot(r, k-1), slot(r, k))
			}
		}
	}
	for r := 1; r < nrows; r++ {
		for k := 0; k < ncols; k++ {
			if !hasH(r, k) {
				u.join(slot(r-1, k), slot(r, k))
			}
		}
	}
	cellWords := map[int][]word{}
	for li, l := range lines {
		for wi, w := range l {
			if claimed[[2]int{li, wi}] {
				continue
			}
			cx := (w.x0 + w.x1) / 2
			cy := w.y + (ascent-descent)/2*w.size
			if cx < xs[0] || cx > xs[ncols] || cy > ys[0] || cy < ys[nrows] {
				continue
			}
			k := sort.SearchFloat64s(xs, cx) - 1
			k = max(0, min(k, ncols-1))
			r := sort.Search(nrows, func(i int) bool { return ys[i+1] < cy })
			r = max(0, min(r, nrows-1))
			g := u.find(slot(r, k))
			cellWords[g] = append(cellWords[g], w)
			claimed[[2]int{li, wi}] = true
		}
	}
	if len(cellWords) == 0 {
		return nil
	}
	t := &table{ncols: ncols, x0: xs[0], x1: xs[ncols], top: ys[0], bottom: ys[nrows], ruled: true}
	t.bounds = append(t.bounds, xs[1:ncols]...)
	rows := make([]row, nrows)
	for r := range rows {
		rows[r].cells = make([]string, ncols)
	}
	// the top-left slot of each group receives its text
	done := map[int]bool{}
	for r := 0; r < nrows; r++ {
		for k := 0; k < ncols; k++ {
			g := u.find(slot(r, k))
			if done[g] {
				continue
			}
			done[g] = true
			ws := cellWords[g]
			if len(ws) == 0 {
				continue
			}
			rows[r].cells[k] = cellText(ws, j)
			for _, w := range ws {
				rows[r].box = union(rows[r].box, w.box(page))
			}
		}
	}
	for _, rw := range rows {
		if rw.box != (Box{}) {
			t.rows = append(t.rows, rw)
		}
	}
	return t
}
