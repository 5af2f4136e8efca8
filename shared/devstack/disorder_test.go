package devstack_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// pmsMessage is one signed delivery's content.
type pmsMessage struct {
	path string
	body []byte
}

// guestMessages are a guest's PMS and POS messages in the order the systems sent them: booked, modified, checked
// in, checked out, and a dinner charged to the room.
func guestMessages(t *testing.T, n int) []pmsMessage {
	t.Helper()
	// Every identifier is the guest's own, so the three are three people.
	r := strings.NewReplacer(`"R-88123"`, fmt.Sprintf(`"R-%d"`, n), `"S-88123"`, fmt.Sprintf(`"S-%d"`, n), `"P-5521"`, fmt.Sprintf(`"P-%d"`, n),
		`"SOUSA"`, fmt.Sprintf(`"SOUSA%c"`, 'A'+n), `"Sousa"`, fmt.Sprintf(`"Sousa%c"`, 'A'+n), `"ANA MARIA"`, fmt.Sprintf(`"ANA%c MARIA"`, 'A'+n),
		`"Ana Maria"`, fmt.Sprintf(`"Ana%c Maria"`, 'A'+n), `ana.sousa@example.com`, fmt.Sprintf("ana%d@hearth-guests.pt", n),
		`Ana.Sousa@Example.com`, fmt.Sprintf("ana%d@hearth-guests.pt", n),
		`"+351912345678"`, fmt.Sprintf(`"+35192100000%d"`, n), `"+351 912 345 678"`, fmt.Sprintf(`"+351 921 000 00%d"`, n), `"912 345 678"`, fmt.Sprintf(`"921 000 00%d"`, n),
		`"HH-0042-7731"`, fmt.Sprintf(`"HH-0042-000%d"`, n), `"C-7781"`, fmt.Sprintf(`"C-%d"`, n),
		`"5555555555554444"`, `"`+[]string{"", "4000056655665556", "5200828282828210", "371449635398431"}[n]+`"`,
		`"4111 1111 1111 1111"`, `"`+[]string{"", "4242 4242 4242 4242", "6011 1111 1111 1117", "3056 9300 0902 0004"}[n]+`"`,
		`"4111111111111111"`, `"`+[]string{"", "4012888888881881", "5105105105105100", "6011000990139424"}[n]+`"`)
	var out []pmsMessage
	for _, m := range []struct{ file, kind string }{
		{"reservation_booked", "reservation"}, {"reservation_modified", "reservation"}, {"check_in", "checkin"}, {"check_out", "checkout"}, {"pos_check", "pos"},
	} {
		raw, err := os.ReadFile("../ingest/testdata/json/" + m.file + ".json")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, pmsMessage{path: "/ingest/hh-lisbon-pms/" + m.kind, body: []byte(r.Replace(string(raw)))})
	}
	return out
}

// guestState is what a stack holds of a guest, without the ids and times each stack makes up.
type guestState struct {
	Golden  any
	Visits  any
	Stats   any
	Arrival any
}

func stateOf(t *testing.T, c *client, n int) guestState {
	t.Helper()
	hits := c.do(ana, "GET", "/v1/guests?q="+url.QueryEscape(fmt.Sprintf("reservation:R-%d", n)), "", 200)["guests"].([]any)
	if len(hits) != 1 {
		t.Fatalf("guest %d: %d search hits", n, len(hits))
	}
	g := hits[0].(map[string]any)["guestId"].(string)
	g360 := c.do(ana, "GET", "/v1/guests/"+g+"/360", "", 200)
	golden, _ := json.Marshal(g360["golden"])
	var summary map[string]any
	_ = json.Unmarshal(golden, &summary)
	// Ids, times and versions are each stack's own, and card hashes are keyed by each stack's own secret.
	for _, k := range []string{"guestId", "createdAt", "updatedAt", "version", "cardHashes"} {
		delete(summary, k)
	}
	if keys, ok := summary["keys"].([]any); ok {
		var kept []string
		for _, k := range keys {
			if !strings.HasPrefix(k.(string), "card#") {
				kept = append(kept, k.(string))
			}
		}
		slices.Sort(kept)
		summary["keys"] = kept
	}
	if members, ok := summary["members"].([]any); ok {
		for _, m := range members {
			delete(m.(map[string]any)["profile"].(map[string]any), "ca")
		}
	}
	arrivals := c.do(ana, "GET", "/v1/properties/hh-lisbon/arrivals?from=2026-12-15&to=2026-12-31", "", 200)["entries"].([]any)
	var arrival any
	for _, e := range arrivals {
		if e.(map[string]any)["reservationId"] == fmt.Sprintf("R-%d", n) {
			a := e.(map[string]any)
			arrival = []any{a["arrival"], a["departure"], a["roomType"], a["status"]}
		}
	}
	return guestState{Golden: summary, Visits: g360["visits"], Stats: g360["stats"], Arrival: arrival}
}

// TestDuplicatesAndDisorderChangeNothing: three guests' messages sent once in order to one stack, and every
// message twice in a shuffled order to another, leave the same profiles, stays, spend and arrivals.
func TestDuplicatesAndDisorderChangeNothing(t *testing.T) {
	t.Parallel()
	once, twice := start(t, devstackOptions()), start(t, devstackOptions())
	var inOrder []pmsMessage
	for n := 1; n <= 3; n++ {
		inOrder = append(inOrder, guestMessages(t, n)...)
	}
	deliver := func(c *client, msgs []pmsMessage) {
		at := time.Now()
		for i, m := range msgs {
			// Every delivery is signed anew, as a PMS resending does; the signature's replay guard is not the point.
			if status := signedPost(t, c, m.path, c.st.Sources["hh-lisbon-pms"], m.body, at.Add(time.Duration(i-len(msgs))*time.Second)); status != http.StatusAccepted {
				t.Fatalf("delivery %d (%s): %d", i, m.path, status)
			}
		}
		c.drain()
	}
	deliver(once, inOrder)
	shuffled := append(append([]pmsMessage{}, inOrder...), inOrder...)
	rand.New(rand.NewPCG(7, 11)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	deliver(twice, shuffled)
	for n := 1; n <= 3; n++ {
		a, b := stateOf(t, once, n), stateOf(t, twice, n)
		if !reflect.DeepEqual(a, b) {
			ja, _ := json.MarshalIndent(a, "", " ")
			jb, _ := json.MarshalIndent(b, "", " ")
			t.Errorf("guest %d differs:\nonce in order: %s\ntwice shuffled: %s", n, ja, jb)
		}
		if a.Arrival == nil || a.Visits == nil {
			t.Errorf("guest %d has no arrival or visits: %+v", n, a)
		}
	}
}
