package layout

import (
	"math"
	"sort"
	"strings"
)

// table is a table found on one page, ready to be written as tab rows.
type table struct {
	ncols       int
	bounds      []float64 // x of the borders between columns (ncols-1)
	starts      []float64 // x where each column's text starts (borderless tables)
	x0, x1      float64
	top, bottom float64
	rows        []row
	ruled       bool
	cont        bool     // continues the table that ended the previous page
	chainHead   []string // for a continuation: the header row of the table it continues
}

type row struct {
	cells []string
	box   Box
}

// ival is the horizontal extent of a column of a borderless table.
type ival struct{ x0, x1 float64 }

// addCols adds the fragments of a line to the column extents. It reports
// false when the line does not fit: a fragment bridges two columns, or two
// columns come closer than minGap points.
func addCols(cols []ival, fs []*frag, minGap float64) ([]ival, bool) {
	out := append([]ival(nil), cols...)
	for _, f := range fs {
		hit := -1
		for i, c := range out {
			if f.x0 < c.x1 && c.x0 < f.x1 {
				if hit >= 0 {
					return cols, false
				}
				hit = i
			}
		}
		if hit < 0 {
			out = append(out, ival{f.x0, f.x1})
			sort.Slice(out, func(a, b int) bool { return out[a].x0 < out[b].x0 })
			continue
		}
		out[hit].x0, out[hit].x1 = math.Min(out[hit].x0, f.x0), math.Max(out[hit].x1, f.x1)
	}
	for i := 1; i < len(out); i++ {
		if out[i].x0-out[i-1].x1 < minGap {
			return cols, false
		}
	}
	return out, true
}

// colOf is the column of a fragment: where its middle falls between the borders.
func (t *table) colOf(f *frag) int {
	return sort.SearchFloat64s(t.bounds, (f.x0+f.x1)/2)
}

// fits reports whether a line can belong to t: every fragment within one
// column and inside the table's width.
func (t *table) fits(l *tline) bool {
	for _, f := range l.frags {
		tol := 0.5 * f.size
		if f.x0 < t.x0-2*f.size || f.x1 > t.x1+2*f.size {
			return false
		}
		for _, b := range t.bounds {
			if f.x0 < b-tol && f.x1 > b+tol {
				return false
			}
		}
	}
	return true
}

// compatible reports whether u can continue t: same columns at the same places.
func (t *table) compatible(u *table) bool {
	if t.ncols != u.ncols || t.ruled != u.ruled {
		return false
	}
	tol := 4.0
	a, b := t.bounds, u.bounds
	if !t.ruled {
		tol = 20
		a, b = t.starts, u.starts
	}
	for i := range a {
		if i >= len(b) || math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}

// borderless finds tables without cell borders in a run of lines and returns
// them with the index ranges of the lines they take.
//
// Policy: a table starts at a line cut into two fragments or more by column
// gaps and grows down while each line fits the columns found so far (no
// fragment bridges a gutter) and the vertical gap stays under three ems;
// lines above it join only at in-cell spacing and when they have text outside
// the first column (the upper lines of a vertically centred row). Trailing
// lines with text in the first column only, after a gap, are left to the
// prose. A region is a table when it has two columns and two rows at least
// and two lines with text in two columns; two columns whose first cells end
// with ":" are label/value lines, not a table. A row that spans the columns
// ends the table (it reads as a line of prose).
func borderless(ls []*tline, hints []hseg, page int, colGap float64, j *joiner) (tabs []*table, spans [][2]int) {
	used := make([]bool, len(ls))
	for i := 0; i < len(ls); i++ {
		if len(ls[i].frags) < 2 {
			continue
		}
		minGap := 0.3 * ls[i].size
		cols, ok := addCols(nil, ls[i].frags, minGap)
		if !ok {
			continue
		}
		end := i + 1
		for k := i + 1; k < len(ls); k++ {
			size := math.Max(ls[k].size, ls[k-1].size)
			if ls[k-1].y-ls[k].y > 3*size {
				break
			}
			nc, ok := addCols(cols, ls[k].frags, minGap)
			if !ok {
				break
			}
			cols, end = nc, k+1
		}
		start := i
		for k := i - 1; k >= 0 && !used[k]; k-- {
			size := math.Max(ls[k].size, ls[k+1].size)
			if ls[k].y-ls[k+1].y > 1.5*size {
				break
			}
			nc, ok := addCols(cols, ls[k].frags, minGap)
			if !ok || len(ls[k].frags) == 1 && ls[k].frags[0].x0 < cols[0].x1 {
				break
			}
			cols, start = nc, k
		}
		for end-1 > i {
			l, prev := ls[end-1], ls[end-2]
			if len(l.frags) == 1 && l.frags[0].x0 < cols[0].x1 && prev.y-l.y > 1.6*l.size {
				end--
				continue
			}
			break
		}
		t := newBorderless(cols)
		if !t.build(ls[start:end], hints, page, j) {
			continue
		}
		tabs = append(tabs, t)
		spans = append(spans, [2]int{start, end})
		for k := start; k < end; k++ {
			used[k] = true
		}
		i = end - 1
	}
	return tabs, spans
}

func newBorderless(cols []ival) *table {
	t := &table{ncols: len(cols), x0: cols[0].x0, x1: cols[len(cols)-1].x1}
	for k, c := range cols {
		t.starts = append(t.starts, c.x0)
		if k > 0 {
			t.bounds = append(t.bounds, (cols[k-1].x1+c.x0)/2)
		}
	}
	return t
}

// continued reads the lines at the top of a page that fit t, the borderless
// table that ended the previous page, as its continuation. It returns the
// number of lines taken (0 when none fit, or when they have text in the first
// column only, which is prose).
func continued(t *table, ls []*tline, hints []hseg, page int, j *joiner) (int, *table) {
	n := 0
	for n < len(ls) {
		if n > 0 && ls[n-1].y-ls[n].y > 3*math.Max(ls[n].size, ls[n-1].size) {
			break
		}
		if !t.fits(ls[n]) {
			break
		}
		n++
	}
	for n > 1 {
		l, prev := ls[n-1], ls[n-2]
		if len(l.frags) == 1 && t.colOf(l.frags[0]) == 0 && prev.y-l.y > 1.6*l.size {
			n--
			continue
		}
		break
	}
	outside := false
	for _, l := range ls[:n] {
		for _, f := range l.frags {
			outside = outside || t.colOf(f) > 0
		}
	}
	if n == 0 || !outside {
		return 0, nil
	}
	u := &table{ncols: t.ncols, bounds: t.bounds, starts: t.starts, x0: t.x0, x1: t.x1}
	if !u.segment(ls[:n], hints, page, j) {
		return 0, nil
	}
	u.cont = true
	return n, u
}

// build fills a borderless table from its lines, or reports false when they
// do not make a table.
func (t *table) build(ls []*tline, hints []hseg, page int, j *joiner) bool {
	if t.ncols < 2 {
		return false
	}
	multi := 0
	for _, l := range ls {
		seen := map[int]bool{}
		for _, f := range l.frags {
			seen[t.colOf(f)] = true
		}
		if len(seen) >= 2 {
			multi++
		}
	}
	if multi < 2 || !t.segment(ls, hints, page, j) || len(t.rows) < 2 {
		return false
	}
	if t.ncols == 2 {
		labels, n := 0, 0
		for _, r := range t.rows {
			if r.cells[0] != "" {
				n++
				if strings.HasSuffix(r.cells[0], ":") {
					labels++
				}
			}
		}
		if labels*10 >= n*6 {
			return false
		}
	}
	t.top, t.bottom = ls[0].top, ls[len(ls)-1].y
	return true
}

// block is the text of one column of a table that sits at in-cell spacing.
type cellBlock struct {
	col       int
	top, bot  float64 // baselines of its first and last line
	frags     []*frag
	component int
}

// segment cuts the lines of a borderless table into rows.
//
// Policy: the lines of each column are cut into blocks at gaps larger than
// the in-cell line pitch (or at a horizontal rule); blocks of different
// columns whose vertical extents overlap are one row, so a cell that is
// vertically centred against a taller neighbour lands in the right row. A
// group that holds several blocks of the first column is cut at each of them
// (rows without extra spacing); a whole table without any extra row spacing
// starts a row at each line with text in the first and another column. A row
// with an empty first cell is a continuation of the row above and is written
// with an empty first cell.
func (t *table) segment(ls []*tline, hints []hseg, page int, j *joiner) bool {
	byCol := make([][]*frag, t.ncols)
	var sizes []float64
	for _, l := range ls {
		for _, f := range l.frags {
			k := t.colOf(f)
			byCol[k] = append(byCol[k], f)
			sizes = append(sizes, f.size)
		}
	}
	if len(sizes) == 0 {
		return false
	}
	sort.Float64s(sizes)
	size := sizes[len(sizes)/2]
	// in-cell pitch: the lower quartile of baseline gaps within columns
	var gaps []float64
	for _, fs := range byCol {
		sort.SliceStable(fs, func(a, b int) bool { return fs[a].y > fs[b].y })
		for i := 1; i < len(fs); i++ {
			if g := fs[i-1].y - fs[i].y; g > 0.5*size {
				gaps = append(gaps, g)
			}
		}
	}
	pitch := 1.2 * size
	if len(gaps) > 0 {
		sort.Float64s(gaps)
		pitch = math.Max(1.0*size, math.Min(gaps[len(gaps)/4], 1.6*size))
	}
	ruleBetween := func(hi, lo float64) bool {
		for _, h := range hints {
			if h.y < hi && h.y > lo && overlap(h.x0, h.x1, t.x0, t.x1) >= 0.8*(t.x1-t.x0) {
				return true
			}
		}
		return false
	}
	var blocks []*cellBlock
	for k, fs := range byCol {
		var b *cellBlock
		for _, f := range fs {
			if b != nil && b.bot-f.y <= 1.3*pitch && !ruleBetween(b.bot, f.y+ascent*f.size) {
				b.frags = append(b.frags, f)
				b.bot = f.y
				continue
			}
			b = &cellBlock{col: k, top: f.y, bot: f.y, frags: []*frag{f}}
			blocks = append(blocks, b)
		}
	}
	sort.SliceStable(blocks, func(a, b int) bool { return blocks[a].top > blocks[b].top })
	slack := 0.35 * pitch
	var comps [][]*cellBlock
	low := math.Inf(1)
	for _, b := range blocks {
		if len(comps) > 0 && b.top+slack >= low-slack && !ruleBetween(low, b.top+ascent*size) {
			comps[len(comps)-1] = append(comps[len(comps)-1], b)
			low = math.Min(low, b.bot)
			continue
		}
		comps = append(comps, []*cellBlock{b})
		low = b.bot
	}
	// starts of rows inside each group
	tight := false
	if len(comps) == 1 {
		lines0 := 0
		for _, b := range comps[0] {
			if b.col == 0 {
				lines0 += len(b.frags)
			}
		}
		tight = lines0 >= 3
	}
	t.rows = t.rows[:0]
	for _, c := range comps {
		var starts []float64
		if tight {
			starts = tightStarts(c, slack)
		} else {
			for _, b := range c {
				if b.col == 0 {
					starts = append(starts, b.top)
				}
			}
			sort.Sort(sort.Reverse(sort.Float64Slice(starts)))
		}
		if len(starts) <= 1 {
			starts = []float64{math.Inf(1)}
		} else {
			starts[0] = math.Inf(1) // lines above the first start belong to the first row
		}
		cells := make([][][]word, len(starts))
		boxes := make([]Box, len(starts))
		for i := range cells {
			cells[i] = make([][]word, t.ncols)
		}
		for _, b := range c {
			for _, f := range b.frags {
				r := 0
				for i, s := range starts {
					if f.y <= s+slack {
						r = i
					}
				}
				cells[r][b.col] = append(cells[r][b.col], f.words...)
				boxes[r] = union(boxes[r], f.box(page))
			}
		}
		for i := range cells {
			rw := row{cells: make([]string, t.ncols), box: boxes[i]}
			for k, ws := range cells[i] {
				if len(ws) > 0 {
					rw.cells[k] = cellText(ws, j)
				}
			}
			if rw.box != (Box{}) {
				t.rows = append(t.rows, rw)
			}
		}
	}
	return len(t.rows) > 0
}

// tightStarts finds row starts in a table with no extra spacing between rows:
// each baseline with text in the first column and in another column.
func tightStarts(c []*cellBlock, slack float64) []float64 {
	type lineCols struct {
		y    float64
		cols map[int]bool
	}
	var ls []*lineCols
	for _, b := range c {
		for _, f := range b.frags {
			var hit *lineCols
			for _, l := range ls {
				if math.Abs(l.y-f.y) <= slack {
					hit = l
					break
				}
			}
			if hit == nil {
				hit = &lineCols{y: f.y, cols: map[int]bool{}}
				ls = append(ls, hit)
			}
			hit.cols[b.col] = true
		}
	}
	var starts []float64
	for _, l := range ls {
		if l.cols[0] && len(l.cols) >= 2 {
			starts = append(starts, l.y)
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(starts)))
	return starts
}
