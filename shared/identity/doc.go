// Package identity finds the records that describe the same guest: it normalises raw source records into
// profiles, derives blocking keys from them, scores candidate pairs field by field, and clusters the pairs into
// guests without letting a shared phone, card or address chain different people together. It is pure Go; the
// service stores the keys as items and the batch (Dedupe) sorts them.
//
// # Normalisation
//
// A Record (raw strings from a PMS, a booking engine or a CSV file) becomes a Profile through a Normalizer. Names
// are lower-cased, accent-folded and stripped of punctuation, titles and suffixes; given names know their
// nicknames (Bill is William, Liz is Elizabeth). Emails lose their +tag and, on Gmail, their dots; booking-site
// relay addresses are per booking and placeholders (noemail@…) are nobody's, so neither is matched on. Phones
// become E.164 in a default region; placeholders (0000000000, 1234567890) and the hotels' own switchboards are
// dropped. Dates of birth are read from YYYYMMDD or ISO 8601.
//
// # Blocking
//
// Blocking keys (Key: a kind and a normalised value) say which profiles are worth comparing: email, phone, card
// hash, loyalty number, document number, last name + date of birth, last name + address + postcode, and recall
// keys for typos and swaps (sounds-like names in either order, date of birth + an initial, date of birth +
// postcode, address + postcode or city, last name + postcode or city). A key shared by more than
// Config.MaxBlock profiles (an agency's card, a switchboard nobody listed, a common name) is dropped: it says
// nothing about who is who. Work is therefore O(n · block size), never all pairs.
//
// # Scoring
//
// Two rule sets are available (Rules). Probabilistic is a Fellegi-Sunter model: each Field of a pair is compared
// into a Level (exact, alias, close, similar, initial, disagree, or missing), each level carries a weight
// log2(m/u) in bits, and the total, Model.Prior plus the weights, is the log2 odds that the two records are one
// guest. Merge at or above Model.Upper, Review from Model.Lower, New below. A Score lists every field's
// contribution, so every merge can be explained. PMS is the deterministic rule hotels know from their property
// systems: same last name, then the same card, else the same phone, else the same first address line.
//
// The weights are estimated from the data itself (EstimateModel, Dedupe):
//
//   - u, the chance that two different guests agree at a level, is counted over random pairs of the file
//     (Config.Samples pairs, fixed seed; nearly all random pairs are different guests). Exact agreement on names,
//     email, phone and card is further weighed by term frequency: agreeing on a value that a share f of the
//     records carries is worth log2(u_average / f) bits more than average, so "smith" counts for less than a rare
//     name and a card thirty people use for less than a personal one.
//   - m, the chance that two records of one guest agree at a level, is counted over high-confidence pairs: for
//     each field, the candidate pairs that score at least Upper + 6 bits on the other fields (leaving out the
//     fields that move with it: both names together, all location fields together) and have no conflict. The
//     built-in values (DefaultModel) act as a prior worth 25 pairs. Expectation-maximisation was tried and
//     rejected: on hotel data the two-class mixture it fits splits "same household" from the rest rather than
//     "same guest", because households agree on so many fields at once.
//   - The prior is the number of candidate pairs the model takes for matches over the number of all pairs; m
//     and the prior are re-estimated four times.
//   - Weights keep exact agreement from counting against a pair and disagreement from counting for one, and
//     among the location fields only the strongest disagreement counts (a guest who moved disagrees on address,
//     city and postcode at once).
//
// # Chaining
//
// Fellegi-Sunter assumes fields are independent; a household shares a last name, an address, a landline and
// sometimes a card, so two of its members can out-score any threshold. Two guards stop that. A pair has a
// conflict when the fields that tell people apart contradict it without a personal identifier to vouch for it
// (see Score.Conflict: given names that differ, dates of birth that differ, a missing given name, no date of
// birth, email, document or loyalty number that agrees); a conflict never auto-merges. And clusters are built
// from Merge pairs only, strongest first, and two clusters join only if fewer than half of their checked cross
// pairs (up to 8 × 8) have a conflict and the cross pairs score at least Model.Lower on average: one strong link
// through a shared phone cannot pull two people into one guest.
package identity
