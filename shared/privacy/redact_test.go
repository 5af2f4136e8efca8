package privacy

import (
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/shared/profile"
)

var beatriz = []profile.Profile{
	{Name: profile.Name{First: "Beatriz", Last: "Quintanilha"}, BirthDate: "1979-06-13",
		Contacts:  []profile.Contact{{Type: "email", Value: "bia.quintanilha@example.org"}, {Type: "mobile", Value: "+351934567890"}},
		Addresses: []profile.Address{{Type: "home", Line1: "Travessa do Carmo 7", Postcode: "1200-095", Country: "PT"}}},
	{Name: profile.Name{First: "Bia", Last: "Quintanilha"}}, // another name matching kept
}

func TestRedactionRemovesTheGuestFromTheirRowsOnly(t *testing.T) {
	t.Parallel()
	chunk := "stay_id,first_name,last_name,email,phone,birth_date\n" +
		"S-1,BEATRIZ,QUINTANILHA,Bia.Quintanilha@Example.org,934 567 890,1979-06-13\n" +
		"S-2,Beatriz,Moreira,beatriz.m@example.org,+351 910 000 000,1979-06-13\n" + // shares a first name and birth date
		"S-3,Bia,Quintanilha,,,\n" + // a full name they were also known by
		"S-4,Lukas,van der Berg,lukas@example.org,00351934567890,\n" // their phone, written internationally
	got := string(newRedaction(beatriz).apply([]byte(chunk)))
	want := "stay_id,first_name,last_name,email,phone,birth_date\n" +
		"S-1,[erased],[erased],[erased],[erased],[erased]\n" +
		"S-2,Beatriz,Moreira,beatriz.m@example.org,+351 910 000 000,1979-06-13\n" +
		"S-3,[erased],[erased],,,\n" +
		"S-4,Lukas,van der Berg,lukas@example.org,[erased],\n"
	if got != want {
		t.Fatalf("redacted chunk:\n%s\nwant:\n%s", got, want)
	}
}

func TestRedactionOfADocumentIsWholeWordsAnywhere(t *testing.T) {
	t.Parallel()
	doc := `<Profile><PersonName><GivenName>Beatriz</GivenName><Surname>Quintanilha</Surname></PersonName>
<Telephone PhoneNumber="(+351) 934-567-890"/><Email>bia.quintanilha@example.org</Email>
<Address><AddressLine>Travessa do  Carmo 7</AddressLine><PostalCode>1200-095</PostalCode></Address>
<Comment>Beatrizinha prefers room 1979</Comment></Profile>`
	got := string(newRedaction(beatriz).apply([]byte(doc)))
	for _, gone := range []string{">Beatriz<", "Quintanilha", "934-567-890", "bia.quintanilha", "Travessa", "1200-095"} {
		if strings.Contains(got, gone) {
			t.Errorf("%q survives in %s", gone, got)
		}
	}
	if !strings.Contains(got, "Beatrizinha prefers room 1979") {
		t.Errorf("a longer word or a short number was taken for a value: %s", got)
	}
	if again := string(newRedaction(beatriz).apply([]byte(got))); again != got {
		t.Errorf("redacting twice changed more:\n%s\n%s", got, again)
	}
}

func TestRedactionIgnoresTooShortAndErasedValues(t *testing.T) {
	t.Parallel()
	r := newRedaction([]profile.Profile{{Name: profile.Name{First: "A", Last: Erased}, Contacts: []profile.Contact{{Type: "mobile", Value: "12-34"}}}})
	body := "A,[erased],12-34,1234\n"
	if got := string(r.apply([]byte(body))); got != body {
		t.Fatalf("redacted %q to %q", body, got)
	}
}
