package devstack_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/hearthcrm/hearth/shared/auth"
)

// reviewPairAt makes two guests at a hotel that matching cannot tell apart on its own (same last name and phone,
// one without a given name), each with a console profile there, and returns the review between them.
func reviewPairAt(t *testing.T, c *client, property string) (reviewID, first, second string) {
	t.Helper()
	p := pms{t, c, property}
	n := seq.Add(1)
	phone := fmt.Sprintf("+44 7946 %06d", 200000+n)
	last := familyName(n) // a family name of its own: two pairs' guests must not look alike
	p.reservation(fmt.Sprintf("RA-%d", n), map[string]any{"id": fmt.Sprintf("RGA-%d", n), "firstName": "Dmitri", "lastName": last, "phone": phone,
		"email": fmt.Sprintf("dmitri%d@volkonsky.example", n)}, "2026-10-02T09:00:00Z")
	c.drain()
	p.reservation(fmt.Sprintf("RB-%d", n), map[string]any{"id": fmt.Sprintf("RGB-%d", n), "lastName": last, "phone": phone}, "2026-10-02T09:00:01Z")
	c.drain()
	guests := reservationGuests(c, "2026-10-02")
	first, second = guests[fmt.Sprintf("RA-%d", n)], guests[fmt.Sprintf("RB-%d", n)]
	if first == "" || second == "" || first == second {
		t.Fatalf("review pair at %s: %v", property, guests)
	}
	for _, g := range []string{first, second} {
		c.do(ana, "PUT", "/v1/guests/"+g+"/profile", `{"name":{"last":"`+last+`"},"properties":["`+property+`"]}`, 200)
	}
	return second + "~" + first, first, second
}

// familyName makes the nth of many family names that differ from their first letter on (and so in sound).
func familyName(n int64) string {
	s := ""
	for ; ; n /= 26 {
		s += string(rune('a' + n%26))
		if n < 26 {
			break
		}
	}
	return strings.ToUpper(s[:1]) + s[1:] + "olkonsky"
}

// reviews are the review pairs made per stack and property, as pairs are for unmerges: deciding is idempotent.
var reviews sync.Map

func reviewAt(c *client, property string) string {
	key := fmt.Sprintf("%p/%s", c, property)
	if id, ok := reviews.Load(key); ok {
		return id.(string)
	}
	id, _, _ := reviewPairAt(c.t, c, property)
	reviews.Store(key, id)
	return id
}

// openReviewIDs lists the ids of the open reviews a user sees, page by page.
func openReviewIDs(t *testing.T, c *client, user string) []string {
	t.Helper()
	var ids []string
	path := "/v1/merge-reviews?limit=1"
	for range 20 {
		out := c.do(user, "GET", path, "", 200)
		for _, it := range out["items"].([]any) {
			ids = append(ids, it.(map[string]any)["id"].(string))
		}
		next, _ := out["nextCursor"].(string)
		if next == "" {
			return ids
		}
		path = "/v1/merge-reviews?limit=1&cursor=" + next
	}
	t.Fatal("paging never ends")
	return nil
}

func TestMergeReviewQueue(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	lisbon, first, second := reviewPairAt(t, c, "hh-lisbon")
	kyoto, _, _ := reviewPairAt(t, c, "ln-kyoto")

	// Both show in the group's queue, paged, with both profiles side by side and the field agreements.
	if got := openReviewIDs(t, c, ana); len(got) != 2 || !strings.Contains(strings.Join(got, " "), lisbon) || !strings.Contains(strings.Join(got, " "), kyoto) {
		t.Fatalf("open reviews %v, want %s and %s", got, lisbon, kyoto)
	}
	out := c.do(ana, "GET", "/v1/merge-reviews", "", 200)
	var rv map[string]any
	for _, it := range out["items"].([]any) {
		if it.(map[string]any)["id"] == lisbon {
			rv = it.(map[string]any)
		}
	}
	if rv["status"] != "open" || !strings.HasPrefix(rv["candidate"].(map[string]any)["name"].(string), "Dmitri ") || !strings.HasSuffix(rv["guest"].(map[string]any)["name"].(string), "olkonsky") ||
		len(rv["fields"].([]any)) == 0 || rv["propertyId"] != "hh-lisbon" || rv["reason"] == "" {
		t.Fatalf("review %v", rv)
	}
	// A Lisbon property manager sees only the Lisbon pair, and cannot decide the Kyoto one.
	paul := c.actor(t, auth.Actor{Subject: "p", Email: "p@test", Groups: []string{"property-manager/property/hh-lisbon"}})
	if got := openReviewIDs(t, c, paul); len(got) != 1 || got[0] != lisbon {
		t.Fatalf("Lisbon manager sees reviews %v", got)
	}
	if code := errorCode(c.do(paul, "POST", "/v1/merge-reviews/"+kyoto+"/decision", `{"outcome":"merge"}`, 403)); code != "forbidden" {
		t.Fatalf("out of scope decision: %s", code)
	}

	// Merge: the older guest survives; the merged one redirects and Guest 360 follows.
	d := c.do(paul, "POST", "/v1/merge-reviews/"+lisbon+"/decision", `{"outcome":"merge","comment":"same phone, same man"}`, 200)
	if d["status"] != "merged" || d["mergeId"] == nil || d["decidedBy"] != "p@test" || d["comment"] != "same phone, same man" {
		t.Fatalf("decision %v", d)
	}
	c.drain()
	if v := c.do(ana, "GET", "/v1/guests/"+second+"/360", "", 200); v["mergedInto"] != first {
		t.Fatalf("360 of the merged guest: mergedInto %v, want %s", v["mergedInto"], first)
	}
	if got := openReviewIDs(t, c, ana); len(got) != 1 || got[0] != kyoto {
		t.Fatalf("open reviews after the decision %v", got)
	}
	if decided := c.do(ana, "GET", "/v1/merge-reviews?status=decided", "", 200)["items"].([]any); len(decided) != 1 || decided[0].(map[string]any)["status"] != "merged" {
		t.Fatalf("decided reviews %v", decided)
	}
	// A retried request answers the same; a contrary one is refused; the merge undoes like any other.
	if again := c.do(ana, "POST", "/v1/merge-reviews/"+lisbon+"/decision", `{"outcome":"merge"}`, 200); again["mergeId"] != d["mergeId"] {
		t.Fatalf("repeated decision %v", again)
	}
	if code := errorCode(c.do(ana, "POST", "/v1/merge-reviews/"+lisbon+"/decision", `{"outcome":"keep-apart"}`, 409)); code != "review_decided" {
		t.Fatalf("contrary decision: %s", code)
	}
	if un := c.do(ana, "POST", "/v1/guests/"+first+"/unmerge", `{"mergedId":"`+second+`"}`, 200); un["mergeId"] != d["mergeId"] {
		t.Fatalf("unmerge %v", un)
	}

	// Keep apart: closed, and the guests stay two.
	k := c.do(ana, "POST", "/v1/merge-reviews/"+kyoto+"/decision", `{"outcome":"keep-apart"}`, 200)
	if k["status"] != "kept-apart" || k["mergeId"] != nil {
		t.Fatalf("keep apart %v", k)
	}
	if got := openReviewIDs(t, c, ana); len(got) != 0 {
		t.Fatalf("open reviews at the end %v", got)
	}

	// Bad input.
	for path, want := range map[string]string{
		"/v1/merge-reviews/no-tilde/decision":      "path id",
		"/v1/merge-reviews/G-404~G-405/decision":   "not_found",
		"/v1/merge-reviews/" + kyoto + "/decision": "body outcome",
	} {
		body := `{"outcome":"merge"}`
		if want == "body outcome" {
			body = `{"outcome":"maybe"}`
		}
		status, raw := c.raw(ana, "POST", path, body)
		if status/100 != 4 || !strings.Contains(raw, strings.Split(want, " ")[len(strings.Split(want, " "))-1]) {
			t.Errorf("POST %s: %d %s, want %s", path, status, raw, want)
		}
	}
	if status, raw := c.raw(ana, "GET", "/v1/merge-reviews?status=someday", ""); status != 400 {
		t.Errorf("bad status filter: %d %s", status, raw)
	}
}
