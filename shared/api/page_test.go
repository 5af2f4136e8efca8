package api

import (
	"net/http/httptest"
	"strconv"
	"testing"
)

func TestPagesFollowTheirCursors(t *testing.T) {
	t.Parallel()
	items := []int{}
	for i := 250; i > 0; i-- {
		items = append(items, i)
	}
	key := func(i int) string { return strconv.Itoa(1000 + i) }
	var got []int
	url := "/v1/things?limit=100"
	for pages := 0; ; pages++ {
		q, err := readPage(httptest.NewRequest("GET", url, nil), "things")
		if err != nil {
			t.Fatal(err)
		}
		p := paginate(items, key, q)
		got = append(got, p.Items...)
		if p.NextCursor == nil {
			if pages != 2 {
				t.Fatalf("%d pages, want 3", pages+1)
			}
			break
		}
		url = "/v1/things?limit=100&cursor=" + *p.NextCursor
	}
	for i, v := range got {
		if v != i+1 {
			t.Fatalf("item %d is %d: pages skip or repeat", i, v)
		}
	}
	if p := paginate([]int{}, key, pageQuery{limit: 10}); p.Items == nil || p.NextCursor != nil {
		t.Fatalf("empty list: %+v", p)
	}
	// A cursor of another list, or garbage, is refused.
	q, _ := readPage(httptest.NewRequest("GET", "/?limit=1", nil), "things")
	next := *paginate(items, key, q).NextCursor
	for _, bad := range []string{"?cursor=" + next + "x", "?cursor=%21%21", "?limit=0", "?limit=501"} {
		if _, err := readPage(httptest.NewRequest("GET", "/"+bad, nil), "others"); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}
