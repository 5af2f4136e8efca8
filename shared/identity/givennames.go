package identity

import "strings"

// commonGivenNames are frequent given names (English-speaking countries, Europe, Latin America, South and East
// Asia, Africa), folded to ASCII. Two different names that are both on this list (or in the nickname table) are
// different names, not typos of one another: "mark" and "mary" or "john" and "joan" are one letter apart, yet a
// couple, not a typo.
var commonGivenNames = strings.Fields(`
aaron abdul abdullah abigail adam adrian ahmed aidan aiden aisha alan albert alejandro alex alexander alexandra
alexis alfredo ali alice alicia alison amanda amber amelia amir amy ana andre andrea andres andrew angel angela
angelo anita ann anna anne annette anthony antonio april arjun arthur ashley astrid audrey austin ava barbara
beatriz ben benjamin bernard beth betty beverly bianca bill billy bjorn blake bob bobby bonnie brad bradley
brandon brenda brian brianna bridget brittany brooke bruce bryan caleb callum calvin camila camille cameron
carl carla carlos carmen carol carole caroline carolyn carrie catherine cecilia charles charlie charlotte chen
cheryl chidi chloe chris christian christina christine christopher cindy claire clara claudia colin connor
craig crystal cynthia daisy dale dan dana daniel daniela danielle danny darren dave david dean debbie deborah
declan denise dennis derek diana diane diego dmitri dominic don donald donna doris dorothy douglas dylan eddie
edith edward eileen elaine eleanor elena eli elijah elizabeth ella ellen emily emma eric erica erik erin ernest
esther ethan eugene eva evan evelyn faith fatima felix fernando fiona florence frances francesca francis
francisco frank fraser fred freya gabriel gabriela gail gary gavin george georgia gerald giovanni giulia gloria
grace graham grant greg gregory hannah harold harry hazel heather hector helen helene henrik henry hiroshi holly
howard hugo ian ines ingrid irene isaac isabel isabella isla ivan jack jackie jacob jacqueline jade jake james
jamie jan jane janet janice jared jasmine jason javier jean jeff jeffrey jennifer jenny jeremy jerry jesse
jessica jesus jill jim jimmy joan joanna joanne joao joe joel john johnny jon jonathan jordan jorge jose joseph
josephine josh joshua joy joyce juan judith judy julia julian julie jurgen justin kai karen karl kate katherine
kathleen kathryn kathy katie kayla keith kelly ken kenneth kevin kim kimberly kirsten kristen kwame kyle lara
lars laura lauren lawrence layla leah lee leo leon leonard lewis liam lily linda lindsay lisa logan lois lorraine
louis louise luca lucas lucia lucy luis lukasz luke lydia madison maggie malcolm manuel marco margaret maria
marie marilyn mario marion mark marta martha martin mary mason mateo matilda matthew maureen max maya megan mei
melanie melissa mia michael michelle miguel mike mila miles mohammed molly monica morgan muhammad nancy naomi
natalie nathan neil niamh nicholas nick nicola nicole nikita nina noah nora norma oliver olivia omar oscar owen
pablo pamela patricia patrick paul paula pedro peggy penny peter philip phillip phyllis pierre piotr priya rachel
rafael rahul ralph ramon randy raymond rebecca renee rhys ricardo richard rick rita rob robert roberto robin
rodrigo roger ron ronald rory rosa rose rosemary ross rowan roy ruby russell ruth ryan sabrina sally sam samantha
samuel sandra santiago sara sarah sasha scott sean sebastian sergio seth shane shannon sharon shawn sheila shirley
simon siobhan sofia soren sophia sophie stacy stanley stella stephanie stephen steve steven stuart sue susan
suzanne sylvia tamara tanya tara tariq taylor ted teresa terry thomas tiffany tim timothy tina todd tom tommy
tony tracy travis trevor tyler valentina valerie vanessa veronica victor victoria vincent violet virginia vivian
walter wanda wayne wei wendy william willie xavier yasmin yuki yusuf zachary zoe
`)

// knownGivenNames holds commonGivenNames and every name of the nickname table.
var knownGivenNames = func() map[string]bool {
	m := make(map[string]bool)
	for _, n := range commonGivenNames {
		m[n] = true
	}
	for n := range nicknameGroups {
		m[n] = true
	}
	return m
}()
