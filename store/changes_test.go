package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/subproc/subproc"
)

func TestHistory(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	save := func(path, sha, publisher string, status subproc.Status, recs []subproc.Record) {
		t.Helper()
		d := testDoc(path, sha)
		d.Publisher = publisher
		if _, err := db.Save(ctx, Entry{Doc: d, Status: status, Records: recs, Err: errIf(status)}); err != nil {
			t.Fatal(err)
		}
	}
	recs := testRecords()
	save("/b.txt", "b1", "Beta ApS", subproc.StatusOK, recs[:1])
	save("/b.txt", "b2", "", subproc.StatusFailed, nil)
	save("/b.txt", "b3", "Beta ApS", subproc.StatusOK, recs)
	save("/a.txt", "a1", "Alpha AB", subproc.StatusOK, recs[1:])
	save("/c.txt", "c1", "Gamma AS", subproc.StatusNoList, nil)
	save("/c.txt", "c2", "Gamma AS", subproc.StatusOK, recs)

	all, err := db.History(ctx, HistoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(all); got != "/a.txt /b.txt /c.txt" {
		t.Fatalf("History(all) = %s", got)
	}
	b := all[1]
	if len(b.Versions) != 3 || b.Latest().Version != 3 || b.Versions[1].Status != subproc.StatusFailed {
		t.Fatalf("/b.txt versions %+v", b.Versions)
	}
	v := b.Versions[2]
	if len(v.Records) != 2 || v.Records[0].Name != recs[0].Name || v.Records[1].Prov.LineStart != 14 ||
		v.SHA256 != "b3" || v.Publisher != "Beta ApS" || v.Language != "da" {
		t.Errorf("/b.txt version 3: %+v", v)
	}
	if want := time.Date(2024, 3, 1, 12, 30, 0, 500, time.UTC); !v.ModTime.Equal(want) || !v.Date().Equal(want) {
		t.Errorf("ModTime %v, Date %v; want %v", v.ModTime, v.Date(), want)
	}
	if v.IngestedAt.IsZero() || time.Since(v.IngestedAt) > time.Hour {
		t.Errorf("IngestedAt %v, want about now", v.IngestedAt)
	}
	v.ModTime = time.Time{}
	if !v.Date().Equal(v.IngestedAt) {
		t.Errorf("without ModTime, Date %v, want IngestedAt %v", v.Date(), v.IngestedAt)
	}

	for _, tt := range []struct {
		f    HistoryFilter
		want string
	}{
		{HistoryFilter{MinVersions: 2}, "/b.txt /c.txt"},
		{HistoryFilter{Publisher: "beta"}, "/b.txt"},
		{HistoryFilter{Publisher: "a", MinVersions: 2}, "/b.txt /c.txt"},
		{HistoryFilter{Publisher: "nobody"}, ""},
	} {
		hs, err := db.History(ctx, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		if got := paths(hs); got != tt.want {
			t.Errorf("History(%+v) = %q, want %q", tt.f, got, tt.want)
		}
	}
	if (History{}).Latest().Version != 0 {
		t.Error("Latest of no versions is not the zero Snapshot")
	}
}

func errIf(s subproc.Status) string {
	if s == subproc.StatusFailed {
		return "broken"
	}
	return ""
}

func paths(hs []History) string {
	s := ""
	for i, h := range hs {
		if i > 0 {
			s += " "
		}
		s += h.Path
	}
	return s
}

func TestHistoryNotice(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	for i, n := range []*Notice{nil, {}, {Days: 30, Line: 12, Phrase: "30 dages varsel"}} {
		e := Entry{Doc: testDoc("/n.txt", fmt.Sprint("sha", i)), Status: subproc.StatusOK, Records: testRecords(), Notice: n}
		if _, err := db.Save(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	hs, err := db.History(ctx, HistoryFilter{})
	if err != nil || len(hs) != 1 {
		t.Fatalf("History: %v, %v", hs, err)
	}
	v := hs[0].Versions
	if v[0].Notice != nil {
		t.Errorf("version 1 was saved without a notice, read %+v", *v[0].Notice)
	}
	if v[1].Notice == nil || *v[1].Notice != (Notice{}) {
		t.Errorf("version 2: notice %+v, want none stated", v[1].Notice)
	}
	if v[2].Notice == nil || *v[2].Notice != (Notice{Days: 30, Line: 12, Phrase: "30 dages varsel"}) {
		t.Errorf("version 3: notice %+v", v[2].Notice)
	}
}
