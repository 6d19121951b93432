package pipeline

import (
	"reflect"
	"testing"

	"github.com/subproc/subproc"
)

func TestPlaceOnPages(t *testing.T) {
	boxes := []subproc.Box{
		{Page: 1, X0: 72, Y0: 700, X1: 300, Y1: 712}, // line 1
		{}, // line 2: blank
		{Page: 1, X0: 60, Y0: 680, X1: 320, Y1: 692}, // line 3
		{Page: 2, X0: 72, Y0: 800, X1: 200, Y1: 812}, // line 4
		{Page: 3, X0: 72, Y0: 800, X1: 200, Y1: 812}, // line 5
	}
	tests := []struct {
		name       string
		start, end int
		want       subproc.Provenance
	}{
		{"one line", 1, 1, subproc.Provenance{Page: 1, Box: &subproc.Box{Page: 1, X0: 72, Y0: 700, X1: 300, Y1: 712}}},
		{"union on one page", 1, 3, subproc.Provenance{Page: 1, Box: &subproc.Box{Page: 1, X0: 60, Y0: 680, X1: 320, Y1: 712}}},
		{"over a page break", 3, 5, subproc.Provenance{Page: 1, PageEnd: 3, Box: &subproc.Box{Page: 1, X0: 60, Y0: 680, X1: 320, Y1: 692}}},
		{"starts on a blank line", 2, 4, subproc.Provenance{Page: 1, PageEnd: 2, Box: &subproc.Box{Page: 1, X0: 60, Y0: 680, X1: 320, Y1: 692}}},
		{"blank only", 2, 2, subproc.Provenance{}},
		{"past the end", 7, 9, subproc.Provenance{}},
		{"end past the end", 5, 9, subproc.Provenance{Page: 3, Box: &subproc.Box{Page: 3, X0: 72, Y0: 800, X1: 200, Y1: 812}}},
		{"no lines", 0, 0, subproc.Provenance{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := subproc.Provenance{LineStart: tt.start, LineEnd: tt.end}
			placeOnPages(&got, boxes)
			tt.want.LineStart, tt.want.LineEnd = tt.start, tt.end
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v (box %+v), want %+v (box %+v)", got, got.Box, tt.want, tt.want.Box)
			}
		})
	}
}
