package layout

import (
	"math"
	"sort"
)

// Where a drawn bullet sits next to the text it marks, in ems of the text.
const (
	bulletMinSize = 0.15 // a figure smaller than this is a speck
	bulletMaxSize = 0.65 // larger is an icon or a checkbox drawn beside the text
	bulletMinRise = 0.05 // its centre is above the baseline...
	bulletMaxRise = 0.65 // ...and below the top of the lowercase letters
	bulletMaxGap  = 2.5  // the text starts at most this far right of it
)

// maxBulletShapes bounds the shapes looked at on one page; a page with more
// (a chart, a map) gets no drawn bullets.
const maxBulletShapes = 4096

// bullets turns the shapes of a page that are drawn list bullets into
// bullet pieces "•" of the line they mark, so that the list item reads as
// one written with a bullet glyph.
//
// Policy: a shape is a bullet when it is roughly square (neither side more
// than twice the other), between bulletMinSize and bulletMaxSize ems of
// the line's text high, centred between bulletMinRise and bulletMaxRise ems
// above the line's baseline (where a "•" glyph sits), and the line's text
// starts at most bulletMaxGap ems to its right, with nothing of the line
// drawn over it or just left of it. Other shapes (icons, decorations, dots
// of a chart) are ignored. lines are pieceLines' lines, top to bottom.
func bullets(lines [][]piece, shapes []Shape) [][]piece {
	if len(shapes) == 0 || len(shapes) > maxBulletShapes || len(lines) == 0 {
		return lines
	}
	for _, s := range shapes {
		if !finite(s.X0, s.Y0, s.X1, s.Y1) {
			continue
		}
		x0, x1 := math.Min(s.X0, s.X1), math.Max(s.X0, s.X1)
		y0, y1 := math.Min(s.Y0, s.Y1), math.Max(s.Y0, s.Y1)
		w, h := x1-x0, y1-y0
		if w <= 0 || h <= 0 || w > 2*h || h > 2*w {
			continue
		}
		cy := (y0 + y1) / 2
		// lines run top to bottom: the first line whose baseline is below the centre
		i := sort.Search(len(lines), func(i int) bool { return lines[i][0].y <= cy })
		for k := i; k < len(lines) && k < i+4; k++ {
			if p, ok := bulletFor(lines[k], x0, x1, cy, math.Max(w, h)); ok {
				lines[k] = insertPiece(lines[k], p)
				break
			}
		}
	}
	return lines
}

// bulletFor returns the bullet piece for a shape spanning x0-x1 with its
// centre at cy and the given size, when it marks line l.
func bulletFor(l []piece, x0, x1, cy, size float64) (piece, bool) {
	// the first piece right of the shape (pieces are at most 500 pt in size)
	next := sort.Search(len(l), func(j int) bool { return l[j].x0 >= x1-50 })
	for next < len(l) && l[next].x0 < x1-0.1*l[next].size {
		next++
	}
	if next == len(l) {
		return piece{}, false
	}
	em := l[next].size
	rise := cy - l[next].y
	switch {
	case size < bulletMinSize*em || size > bulletMaxSize*em:
		return piece{}, false
	case rise < bulletMinRise*em || rise > bulletMaxRise*em:
		return piece{}, false
	case l[next].x0-x1 > bulletMaxGap*em:
		return piece{}, false
	case next > 0 && l[next-1].x1 > x0-0.5*em:
		return piece{}, false // text drawn over it or right before it
	}
	return piece{text: "•", x0: x0, x1: x1, y: l[next].y, size: em}, true
}

// insertPiece puts p into line l, which stays sorted by x.
func insertPiece(l []piece, p piece) []piece {
	j := sort.Search(len(l), func(j int) bool { return l[j].x0 > p.x0 })
	l = append(l, piece{})
	copy(l[j+1:], l[j:])
	l[j] = p
	return l
}
