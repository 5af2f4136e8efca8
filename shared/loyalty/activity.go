package loyalty

// StayActivity is the tier-qualification record of an earned stay: one stay, its nights and its qualifying
// points, on the departure date. A stay refused on purpose (Earning.Reason set) qualifies for nothing, so an
// inactive member or a staff rate never counts towards a tier.
func StayActivity(s Stay, e Earning) Activity {
	if e.Reason != "" {
		return Activity{On: s.Departure}
	}
	return Activity{On: s.Departure, Nights: int64(s.nights()), Stays: 1, Points: e.QualifyingPoints()}
}

// CheckActivity is the tier-qualification record of an earned POS check: its qualifying points only, since a
// check is neither a stay nor a night.
func CheckActivity(e Earning) Activity {
	if len(e.Accruals) == 0 {
		return Activity{}
	}
	return Activity{On: e.Accruals[0].EarnedOn, Points: e.QualifyingPoints()}
}
