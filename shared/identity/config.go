package identity

import (
	"fmt"
	"strings"
)

// Rules selects the rule set that decides matches.
type Rules uint8

const (
	// Probabilistic is the Fellegi-Sunter model with weights estimated from the data (the default).
	Probabilistic Rules = iota
	// PMS is the deterministic PMSRule.
	PMS
)

// String returns the rule set's name as ParseRules reads it.
func (r Rules) String() string {
	if r == PMS {
		return "pms"
	}
	return "probabilistic"
}

// ParseRules reads "probabilistic" or "pms".
func ParseRules(s string) (Rules, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "probabilistic", "":
		return Probabilistic, nil
	case "pms":
		return PMS, nil
	}
	return 0, fmt.Errorf("unknown rule set %q (want probabilistic or pms)", s)
}

// Config tunes normalisation, blocking, scoring and clustering. Start from DefaultConfig: the zero value has
// both thresholds at 0. Hotel groups set thresholds per group.
type Config struct {
	Rules Rules
	// Region is the ISO 3166 alpha-2 region of national phone numbers ("US").
	Region string
	// Switchboards are the hotel group's own phone numbers, ignored on guest records.
	Switchboards []string
	// RelayDomains are booking-site relay email domains; nil means DefaultRelayDomains.
	RelayDomains []string
	// Upper and Lower are the probabilistic thresholds in bits of log2 odds (see Model).
	Upper, Lower float64
	// MaxBlock is the largest block compared: a key shared by more profiles is too common to mean anything.
	MaxBlock int
	// Samples is the number of random pairs used to estimate u.
	Samples int
	// Seed makes the random pairs repeatable.
	Seed uint64
	// Model, when set, is used as it is instead of being estimated (its thresholds included).
	Model *Model
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
	// Progress, when set, is called as the batch advances (not concurrently).
	Progress func(Progress)
}

// Progress reports how far a batch has come: Done of Total units in Stage.
type Progress struct {
	Stage       string
	Done, Total int
}

// DefaultConfig returns the probabilistic rule set with US phone numbers, the default relay domains and
// thresholds, blocks of at most 64 profiles and 200,000 random pairs for u.
func DefaultConfig() Config {
	return Config{
		Rules:    Probabilistic,
		Region:   "US",
		Upper:    DefaultUpper,
		Lower:    DefaultLower,
		MaxBlock: 64,
		Samples:  200_000,
		Seed:     1,
	}
}

// withDefaults fills Region, MaxBlock and Samples from DefaultConfig when they are unset. Thresholds are left
// alone: zero is a threshold like any other.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Region == "" {
		c.Region = d.Region
	}
	if c.MaxBlock <= 1 {
		c.MaxBlock = d.MaxBlock
	}
	if c.Samples <= 0 {
		c.Samples = d.Samples
	}
	return c
}
