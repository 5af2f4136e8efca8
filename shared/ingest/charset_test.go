package ingest

import (
	"bytes"
	"io"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/charmap"
)

// The hand-kept single-byte tables must decode every byte as x/text's charmaps do.
func TestCharsetsDecodeLikeCharmap(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	for label, ref := range map[string]*charmap.Charmap{"iso-8859-1": charmap.ISO8859_1, "windows-1252": charmap.Windows1252, "latin9": charmap.ISO8859_15} {
		r, err := charsetReader(label, iotest.OneByteReader(bytes.NewReader(all)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(iotest.HalfReader(r))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := ref.NewDecoder().Bytes(all)
		if !bytes.Equal(got, want) {
			for i := range all {
				g, _ := io.ReadAll(decodeSingleByte(bytes.NewReader(all[i:i+1]), map[string]func(byte) rune{"iso-8859-1": latin1, "windows-1252": windows1252, "latin9": latin9}[label]))
				w, _ := ref.NewDecoder().Bytes(all[i : i+1])
				if !bytes.Equal(g, w) {
					t.Errorf("%s: byte %#x decodes to %q, charmap says %q", label, i, g, w)
				}
			}
		}
	}
	if _, err := charsetReader("shift_jis", bytes.NewReader(nil)); err == nil {
		t.Error("an unsupported charset was accepted")
	}
}
