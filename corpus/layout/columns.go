package layout

import (
	"math"
	"sort"
)

// maxGutterCandidates bounds the positions tried for a column gutter.
const maxGutterCandidates = 300

// lineGroups groups fragments by the line they were cut from, top to bottom.
func lineGroups(fs []*frag) [][]*frag {
	idx := map[int]int{}
	var out [][]*frag
	for _, f := range fs {
		i, ok := idx[f.line]
		if !ok {
			i = len(out)
			idx[f.line] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], f)
	}
	sort.SliceStable(out, func(a, b int) bool { return groupTop(out[a]) > groupTop(out[b]) })
	return out
}

func groupTop(fs []*frag) float64 {
	t := math.Inf(-1)
	for _, f := range fs {
		t = math.Max(t, f.top)
	}
	return t
}

// flows cuts a page's fragments into flows in reading order.
//
// Policy: a page is read in columns when a vertical gutter at least
// about one em wide, in the middle three fifths of the text, is crossed by at
// most two fifths of the lines, has lines on both sides over two fifths of the
// text height, and both sides look like prose (their fragments fill most of
// the side's width; the narrow first column of a table does not). Lines that
// cross the gutter (titles, full-width tables) cut the page into bands; each
// band is read left column first. Each column is looked at again once, for
// three-column pages. Tables are never cut into columns: their cells are
// fragments that fail the prose test, and ruled tables cross the gutter whole.
func flows(fs []*frag, depth int) [][]*frag {
	if len(fs) == 0 {
		return nil
	}
	if depth > 1 || len(fs) < 8 {
		return [][]*frag{fs}
	}
	g0, g1, ok := gutter(fs)
	if !ok {
		return [][]*frag{fs}
	}
	var out [][]*frag
	var left, right, span []*frag
	flushCols := func() {
		if len(left)+len(right) > 0 {
			out = append(out, flows(left, depth+1)...)
			out = append(out, flows(right, depth+1)...)
		}
		left, right = nil, nil
	}
	for _, l := range lineGroups(fs) {
		crosses := false
		for _, f := range l {
			crosses = crosses || f.x0 < g1 && f.x1 > g0
		}
		if crosses {
			flushCols()
			span = append(span, l...)
			continue
		}
		if len(span) > 0 {
			out = append(out, span)
			span = nil
		}
		for _, f := range l {
			if f.x1 <= g0 {
				left = append(left, f)
			} else {
				right = append(right, f)
			}
		}
	}
	flushCols()
	if len(span) > 0 {
		out = append(out, span)
	}
	return out
}

// gutter finds the vertical gutter between two columns of prose.
func gutter(fs []*frag) (g0, g1 float64, ok bool) {
	xmin, xmax := math.Inf(1), math.Inf(-1)
	ymin, ymax := math.Inf(1), math.Inf(-1)
	var sizes []float64
	for _, f := range fs {
		xmin, xmax = math.Min(xmin, f.x0), math.Max(xmax, f.x1)
		ymin, ymax = math.Min(ymin, f.y), math.Max(ymax, f.top)
		sizes = append(sizes, f.size)
	}
	sort.Float64s(sizes)
	size := sizes[len(sizes)/2]
	w, h := xmax-xmin, ymax-ymin
	if w < 10*size || h <= 0 {
		return 0, 0, false
	}
	minGap := math.Max(0.8*size, 6)
	var cands []float64
	for _, f := range fs {
		if f.x1 > xmin+0.2*w && f.x1 < xmax-0.2*w {
			cands = append(cands, f.x1)
		}
	}
	cands = cluster(cands)
	if len(cands) > maxGutterCandidates {
		step := float64(len(cands)) / maxGutterCandidates
		var s []float64
		for i := 0.0; int(i) < len(cands); i += step {
			s = append(s, cands[int(i)])
		}
		cands = s
	}
	lines := lineGroups(fs)
	found := false
	bestCross, bestWidth := math.MaxInt, 0.0
	var bestL, bestR float64
	for _, c := range cands {
		c0, c1 := c+0.01, c+minGap
		cross := 0
		var lw, rw []float64
		lTop, lBot, rTop, rBot := math.Inf(-1), math.Inf(1), math.Inf(-1), math.Inf(1)
		lEdge, rEdge := math.Inf(1), math.Inf(-1)
		maxL, minR := math.Inf(-1), math.Inf(1)
		for _, l := range lines {
			crosses := false
			for _, f := range l {
				crosses = crosses || f.x0 < c1 && f.x1 > c0
			}
			if crosses {
				cross++
				continue
			}
			for _, f := range l {
				if f.x1 <= c0 {
					lw = append(lw, f.x1-f.x0)
					lTop, lBot = math.Max(lTop, f.top), math.Min(lBot, f.y)
					lEdge, maxL = math.Min(lEdge, f.x0), math.Max(maxL, f.x1)
				} else {
					rw = append(rw, f.x1-f.x0)
					rTop, rBot = math.Max(rTop, f.top), math.Min(rBot, f.y)
					rEdge, minR = math.Max(rEdge, f.x1), math.Min(minR, f.x0)
				}
			}
		}
		if cross*5 > len(lines)*2 || len(lw) < 3 || len(rw) < 3 || lTop-lBot < 0.3*h || rTop-rBot < 0.3*h {
			continue
		}
		if maxL-lEdge < 0.2*w || rEdge-minR < 0.2*w {
			continue
		}
		if median(lw) < 0.5*(maxL-lEdge) || median(rw) < 0.5*(rEdge-minR) {
			continue // not prose on both sides: a table, a form
		}
		width := minR - maxL
		if cross < bestCross || cross == bestCross && width > bestWidth {
			found, bestCross, bestWidth, bestL, bestR = true, cross, width, maxL, minR
		}
	}
	return bestL, bestR, found
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}
