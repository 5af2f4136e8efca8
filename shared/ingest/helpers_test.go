package ingest_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/ingest"
)

// update rewrites the golden files: go test ./shared/ingest/ -run Golden -update, then review the diff.
var update = flag.Bool("update", false, "rewrite golden files")

// cardKey is the test HMAC key; the card hashes in golden files depend on it.
var cardKey = []byte("test-card-key-0123456789abcdef")

// received is the fixed clock for messages that carry no time.
var received = time.Date(2026, 12, 24, 12, 0, 0, 0, time.UTC)

// sources are the test hotels, one per currency and region the samples cover.
var sources = map[string]ingest.Source{
	"lisbon": {ID: "opera-lis", BrandID: "brand-harbour", PropertyID: "prop-harbour-lisbon", HotelCode: "LISHB",
		Mapping: ingest.Mapping{
			RoomTypes:   map[string]string{"DLXK": "deluxe-king", "JSTE": "junior-suite", "STDQ": "standard-queen"},
			RatePlans:   map[string]string{"BAR": "best-available", "BARBB": "best-available-bb"},
			MarketCodes: map[string]string{"LEIS": "leisure", "CORP": "corporate"},
			SourceCodes: map[string]string{"WEB": "direct-web", "BDC": "booking.com"},
			RevenueCodes: map[string]string{"1000": "room", "2010": "food_beverage", "5100": "spa", "FOOD": "food_beverage",
				"WINE": "food_beverage", "TASCA": "food_beverage", "1": "room", "2": "food_beverage", "5": "spa"},
			Currency: "EUR", DefaultRegion: "PT", TimeZone: "Europe/Lisbon", LoyaltyProgram: "HEARTH",
		}},
	"tokyo": {ID: "cm-tokyo", BrandID: "brand-harbour", PropertyID: "prop-harbour-tokyo", HotelCode: "TYOHB",
		Mapping: ingest.Mapping{
			RoomTypes: map[string]string{"STW": "standard-twin"}, RatePlans: map[string]string{"NRF": "non-refundable"},
			MarketCodes: map[string]string{"OTA": "online-travel-agent"}, SourceCodes: map[string]string{"BDC": "booking.com"},
			RevenueCodes: map[string]string{"1": "room", "2": "food_beverage"},
			Currency:     "JPY", DefaultRegion: "JP", TimeZone: "Asia/Tokyo",
		}},
	"manama": {ID: "opera-bah", BrandID: "brand-pearl", PropertyID: "prop-pearl-manama",
		Mapping: ingest.Mapping{RoomTypes: map[string]string{"EXK": "executive-king", "EXT": "executive-twin"},
			Currency: "BHD", DefaultRegion: "BH", TimeZone: "Asia/Bahrain"}},
	"newyork": {ID: "synxis-nyc", BrandID: "brand-harbour", PropertyID: "prop-harbour-nyc",
		Mapping: ingest.Mapping{RoomTypes: map[string]string{"KNG": "king"}, RatePlans: map[string]string{"ADV14": "advance-14"},
			SourceCodes: map[string]string{"EXP": "expedia"}, Currency: "USD", DefaultRegion: "US", TimeZone: "America/New_York"}},
	"london": {ID: "protel-lon", BrandID: "brand-harbour", PropertyID: "prop-harbour-london",
		Mapping: ingest.Mapping{RevenueCodes: map[string]string{"RM01": "room", "ROOM": "room"},
			Currency: "GBP", DefaultRegion: "GB", TimeZone: "Europe/London"}},
	"berlin": {ID: "cm-berlin", BrandID: "brand-harbour", PropertyID: "prop-harbour-berlin",
		Mapping: ingest.Mapping{Currency: "EUR", DefaultRegion: "DE", TimeZone: "Europe/Berlin"}},
}

// ingester builds the Ingester of a test source.
func ingester(t testing.TB, source string) *ingest.Ingester {
	t.Helper()
	src, ok := sources[source]
	if !ok {
		t.Fatalf("no test source %q", source)
	}
	in, err := ingest.New(ingest.Config{Source: src, CardKey: cardKey, Now: func() time.Time { return received }})
	if err != nil {
		t.Fatalf("New(%s): %v", source, err)
	}
	return in
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// golden compares got with testdata/golden/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := readFile(t, path)
	if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(got)) {
		t.Errorf("%s differs from the golden file (rerun with -update and review the diff):\n--- got ---\n%s", path, got)
	}
}

// pretty renders a result for golden files, with each event's data decoded in place.
func pretty(t *testing.T, res ingest.Result) []byte {
	t.Helper()
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// decode returns the typed detail of the only event of res.
func decode[T events.Detail](t *testing.T, res ingest.Result) T {
	t.Helper()
	if len(res.Events) != 1 {
		t.Fatalf("got %d events, want 1", len(res.Events))
	}
	return decodeEvent[T](t, res.Events[0])
}

func decodeEvent[T events.Detail](t *testing.T, ev ingest.Event) T {
	t.Helper()
	d, err := events.DecodeAs[T](ev.Envelope)
	if err != nil {
		t.Fatalf("decode %s: %v", ev.Envelope.Type, err)
	}
	return d
}

// cardHash is what a card number must hash to under the test key.
func cardHash(t *testing.T, number string) string {
	t.Helper()
	h, ok := ingest.CardHash(cardKey, number)
	if !ok {
		t.Fatalf("%s is not a card number", number)
	}
	return h
}
