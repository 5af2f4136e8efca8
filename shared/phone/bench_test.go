package phone

import "testing"

// benchCorpus is every 40th differential case: valid and invalid numbers of all regions in all writings.
func benchCorpus() []testCase {
	all := corpus()
	var cs []testCase
	for i := 0; i < len(all); i += 40 {
		cs = append(cs, all[i])
	}
	return cs
}

func BenchmarkNormalise(b *testing.B) {
	cs := benchCorpus()
	for _, c := range cs {
		Normalise(c.text, c.region) // compile the regexps outside the timing
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := cs[i%len(cs)]
		Normalise(c.text, c.region)
	}
}

// BenchmarkPhonenumbers is the reference on the same corpus, for comparison.
func BenchmarkPhonenumbers(b *testing.B) {
	cs := benchCorpus()
	for _, c := range cs {
		reference(c.text, c.region)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := cs[i%len(cs)]
		reference(c.text, c.region)
	}
}
