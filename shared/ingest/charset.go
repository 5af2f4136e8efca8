package ingest

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// charsetReader lets older PMS interfaces send Latin-1, Latin-9 or Windows-1252 documents. The three single-byte
// tables are small enough to keep here rather than link x/text's charmap package, which carries every code page.
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "iso-8859-1", "latin1", "latin-1", "iso8859-1":
		return decodeSingleByte(r, latin1), nil
	case "windows-1252", "cp1252":
		return decodeSingleByte(r, windows1252), nil
	case "iso-8859-15", "latin9":
		return decodeSingleByte(r, latin9), nil
	}
	return nil, fmt.Errorf("encoding %q is not supported (UTF-8, ISO-8859-1/15, Windows-1252)", label)
}

// latin1 is ISO-8859-1: every byte is the code point of the same value.
func latin1(b byte) rune { return rune(b) }

// windows1252 differs from Latin-1 in 0x80–0x9F; its five unassigned bytes decode to U+FFFD as in the WHATWG table.
func windows1252(b byte) rune {
	if b < 0x80 || b > 0x9F {
		return rune(b)
	}
	return cp1252High[b-0x80]
}

var cp1252High = [32]rune{
	'€', utf8.RuneError, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', utf8.RuneError, 'Ž', utf8.RuneError,
	utf8.RuneError, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', utf8.RuneError, 'ž', 'Ÿ',
}

// latin9 is ISO-8859-15: Latin-1 with eight positions replaced (the euro sign among them); like x/text's table it
// leaves the C1 control range unassigned.
func latin9(b byte) rune {
	if b >= 0x80 && b <= 0x9F {
		return utf8.RuneError
	}
	switch b {
	case 0xA4:
		return '€'
	case 0xA6:
		return 'Š'
	case 0xA8:
		return 'š'
	case 0xB4:
		return 'Ž'
	case 0xB8:
		return 'ž'
	case 0xBC:
		return 'Œ'
	case 0xBD:
		return 'œ'
	case 0xBE:
		return 'Ÿ'
	}
	return rune(b)
}

// decodeSingleByte returns a reader of r's bytes decoded through table, as UTF-8.
func decodeSingleByte(r io.Reader, table func(byte) rune) io.Reader {
	return &singleByteReader{src: r, table: table}
}

type singleByteReader struct {
	src     io.Reader
	table   func(byte) rune
	in      [512]byte
	pending []byte // encoded output not yet returned
	buf     []byte
	err     error
}

func (d *singleByteReader) Read(p []byte) (int, error) {
	for len(d.pending) == 0 {
		if d.err != nil {
			return 0, d.err
		}
		n, err := d.src.Read(d.in[:])
		d.buf = d.buf[:0]
		for _, b := range d.in[:n] {
			d.buf = utf8.AppendRune(d.buf, d.table(b))
		}
		d.pending, d.err = d.buf, err
	}
	n := copy(p, d.pending)
	d.pending = d.pending[n:]
	return n, nil
}
