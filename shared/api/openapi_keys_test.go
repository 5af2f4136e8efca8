package api

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestDocumentHasNoDuplicateKeys: encoding/json keeps the last of two equal keys and the validator the other, so
// a schema added under a name already taken would quietly check requests against the wrong schema.
func TestDocumentHasNoDuplicateKeys(t *testing.T) {
	t.Parallel()
	dec := json.NewDecoder(bytes.NewReader(openapiJSON()))
	var walk func(path string) error
	walk = func(path string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key := k.(string)
				if seen[key] {
					t.Errorf("%s/%s appears twice", path, key)
				}
				seen[key] = true
				if err := walk(path + "/" + key); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for dec.More() {
				if err := walk(path + "/[]"); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	if err := walk(""); err != nil {
		t.Fatal(err)
	}
}
