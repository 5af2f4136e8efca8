package ingest

// ToMinor exposes the decimal conversion to the black-box tests, which check it exhaustively.
var ToMinor = toMinor
