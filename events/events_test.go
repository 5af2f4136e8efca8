package events_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// fixtureName turns "Stay Checked Out" into "stay_checked_out".
func fixtureName(t string) string { return strings.ToLower(strings.ReplaceAll(t, " ", "_")) }

func loadFixture(t *testing.T, typ string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", fixtureName(typ)+".json"))
	if err != nil {
		t.Fatalf("every detail-type needs a fixture: %v", err)
	}
	return raw
}

func TestFixturesRoundTrip(t *testing.T) {
	t.Parallel()
	for _, typ := range events.Types() {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			raw := loadFixture(t, typ)
			env, err := events.Parse(raw)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if env.Type != typ {
				t.Fatalf("fixture type = %q, want %q", env.Type, typ)
			}
			detail, err := env.Decode()
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			// Detail → JSON → detail must be lossless, and so must the whole envelope.
			reData, err := json.Marshal(detail)
			if err != nil {
				t.Fatal(err)
			}
			assertJSONEqual(t, env.Data, reData)
			reEnv, err := json.Marshal(env)
			if err != nil {
				t.Fatal(err)
			}
			assertJSONEqual(t, raw, reEnv)
		})
	}
}

func TestFixturesCoverCatalogue(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/*.json")
	if len(files) != len(events.Types()) {
		t.Fatalf("%d fixtures for %d detail-types: add or remove one", len(files), len(events.Types()))
	}
}

func TestNewStampsEnvelope(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 20, 15, 0, 0, 0, time.FixedZone("WET+1", 3600))
	env, err := events.New(events.TierChanged{AccountID: "A1", From: "silver", To: "gold", Reason: "qualified"},
		events.Scope{BrandID: "b1", GuestID: "g1"}, "tier/A1/gold", at)
	if err != nil {
		t.Fatal(err)
	}
	if env.OccurredAt.Location() != time.UTC || !env.OccurredAt.Equal(at) {
		t.Errorf("occurredAt = %v, want %v in UTC", env.OccurredAt, at)
	}
	if env.Type != events.TypeTierChanged || env.Version != 1 || env.GuestID != "g1" || len(env.ID) != 26 {
		t.Errorf("envelope = %+v", env)
	}
	raw, _ := json.Marshal(env)
	back, err := events.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	tc, err := events.DecodeAs[*events.TierChanged](back)
	if err != nil || tc.To != "gold" {
		t.Fatalf("DecodeAs = %+v, %v", tc, err)
	}
	if _, err := events.DecodeAs[*events.PointsPosted](back); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("DecodeAs wrong type: err = %v, want ErrInvalid", err)
	}
}

func TestNewRejectsInvalidDetail(t *testing.T) {
	t.Parallel()
	if _, err := events.New(events.TierChanged{AccountID: "A1"}, events.Scope{}, "k", time.Now()); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("missing tier: err = %v, want ErrInvalid", err)
	}
	if _, err := events.New(events.TierChanged{AccountID: "A1", To: "gold"}, events.Scope{}, "", time.Now()); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("missing idempotency key: err = %v, want ErrInvalid", err)
	}
}

func TestParseRejectsBadInput(t *testing.T) {
	t.Parallel()
	good := string(loadFixture(t, events.TypeStayCheckedOut))
	for _, tc := range []struct {
		name, raw, want string
	}{
		{"malformed JSON", `{"id": "x", "type":`, "malformed envelope JSON"},
		{"not an object", `[1,2]`, "malformed envelope JSON"},
		{"unknown type", strings.Replace(good, `"Stay Checked Out"`, `"Stay Teleported"`, 1), `unknown detail-type "Stay Teleported"`},
		{"future version", strings.Replace(good, `"version": 1`, `"version": 2`, 1), "version 2 is not supported"},
		{"missing version", strings.Replace(good, `"version": 1,`, ``, 1), "version 0 is not supported"},
		{"no id", strings.Replace(good, `"id": "01JD4Y3Q7W5E9K2M8N6P0R1S2T"`, `"id": ""`, 1), "has no id"},
		{"no idempotency key", strings.Replace(good, `"idempotencyKey": "stay_checked_out/0001"`, `"idempotencyKey": ""`, 1), "no idempotencyKey"},
		{"bad time", strings.Replace(good, `"2026-11-20T14:05:00Z"`, `"yesterday"`, 1), "malformed envelope JSON"},
		{"detail of wrong shape", strings.Replace(good, `"nights": 3`, `"nights": "three"`, 1), "Stay Checked Out data"},
		{"lines do not add up", strings.Replace(good, `"amount": 90150`, `"amount": 90151`, 1), "do not add up"},
		{"mixed currency", strings.Replace(good, `"currency": "EUR"`, `"currency": "USD"`, 1), "currency mismatch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := events.Parse([]byte(tc.raw))
			if !errors.Is(err, events.ErrInvalid) {
				t.Fatalf("Parse error = %v, want ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Parse error = %q, want it to say %q", err, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, typ := range events.Types() {
		raw, _ := os.ReadFile(filepath.Join("testdata", fixtureName(typ)+".json"))
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		env, err := events.Parse(raw)
		if err != nil {
			if !errors.Is(err, events.ErrInvalid) {
				t.Fatalf("Parse error does not wrap ErrInvalid: %v", err)
			}
			return
		}
		if !events.Known(env.Type) {
			t.Fatalf("Parse accepted unknown type %q", env.Type)
		}
	})
}

func assertJSONEqual(t *testing.T, want, got []byte) {
	t.Helper()
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(w, g) {
		t.Fatalf("JSON differs after round trip:\nwant %s\ngot  %s", want, got)
	}
}
