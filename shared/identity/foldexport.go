package identity

// Fold lower-cases s, folds accents and keeps letters and digits as space-separated words ("Acme Logística, S.A."
// → "acme logistica s a"): account names and codes are searched in this form.
func Fold(s string) string { return foldText(s, true) }
