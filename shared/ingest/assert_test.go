package ingest_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/shared/ingest"
)

func equal[T any](t *testing.T, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func contains(t *testing.T, s, sub string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Errorf("missing %q in:\n%s", sub, s)
	}
}

func warned(t *testing.T, ws []ingest.Warning, field, code string) {
	t.Helper()
	for _, w := range ws {
		if w.Field == field && w.Code == code {
			return
		}
	}
	t.Errorf("no %s warning on %s; warnings: %+v", code, field, ws)
}

func hasField(es ingest.FieldErrors, field string) bool {
	for _, e := range es {
		if e.Field == field {
			return true
		}
	}
	return false
}
