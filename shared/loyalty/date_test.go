package loyalty_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/loyalty"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"2026-12-21", true}, {"2024-02-29", true}, {"0001-01-01", true}, {"9999-12-31", true},
		{"2025-02-29", false}, {"2026-13-01", false}, {"2026-00-10", false}, {"2026-04-31", false},
		{"0000-01-01", false}, {"2026-1-01", false}, {"2026/12/21", false}, {"+026-12-21", false}, {"", false},
	} {
		d, err := loyalty.ParseDate(tt.in)
		if (err == nil) != tt.ok {
			t.Fatalf("ParseDate(%q) err = %v", tt.in, err)
		}
		if tt.ok && d.String() != tt.in {
			t.Fatalf("round trip %q → %q", tt.in, d)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		from   string
		months int
		want   string
	}{
		{"2026-01-31", 1, "2026-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-12-15", 1, "2027-01-15"},
		{"2026-01-15", -13, "2024-12-15"},
		{"2024-02-29", 12, "2025-02-28"},
	} {
		if got := date(tt.from).AddMonths(tt.months).String(); got != tt.want {
			t.Fatalf("%s + %d months = %s, want %s", tt.from, tt.months, got, tt.want)
		}
	}
	if got := date("2026-02-10").EndOfMonth().String(); got != "2026-02-28" {
		t.Fatalf("end of month = %s", got)
	}
	if date("2027-01-01")-date("2026-01-01") != 365 {
		t.Fatal("a year is not 365 days")
	}
	if var0 := (loyalty.Date(0)); !var0.IsZero() || var0.String() != "" {
		t.Fatal("zero date")
	}
}

func TestDateOfUsesTheZone(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)
	if got := loyalty.DateOf(at, mustZone("Asia/Tokyo")); got != date("2027-01-01") {
		t.Fatalf("Tokyo date = %s", got)
	}
	if got := loyalty.DateOf(at, nil); got != date("2026-12-31") {
		t.Fatalf("UTC date = %s", got)
	}
	if got := date("2027-01-01").Start(mustZone("Asia/Tokyo")); !got.Equal(time.Date(2026, 12, 31, 15, 0, 0, 0, time.UTC)) {
		t.Fatalf("start = %s", got)
	}
}

func TestDateJSON(t *testing.T) {
	t.Parallel()
	type doc struct {
		On    loyalty.Date `json:"on"`
		Until loyalty.Date `json:"until,omitzero"`
	}
	raw, err := json.Marshal(doc{On: date("2026-12-21")})
	if err != nil || string(raw) != `{"on":"2026-12-21"}` {
		t.Fatalf("marshal = %s, %v", raw, err)
	}
	var back doc
	if err := json.Unmarshal([]byte(`{"on":"2026-12-21","until":""}`), &back); err != nil || back.On != date("2026-12-21") || back.Until != 0 {
		t.Fatalf("unmarshal = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"on":"2026-02-30"}`), &back); err == nil {
		t.Fatal("accepted 30 February")
	}
}
