package search

import "strings"

// stopWords are the folded words that say nothing about a question: Snowball's
// French stop list (articles, pronouns, auxiliaries), the courtesy every mail
// carries (bonjour, merci, cordialement) and the words of asking (quoi, comment,
// pourquoi, faut-il, peut-on) that every question holds and no answer is about.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		a au aux avec ce ces dans de des du elle en et eux il ils je la le les leur leurs lui ma mais me meme
		mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une
		vos votre vous c d j l m n s t y ete etee etees etes etant etante etants etantes suis es est sommes
		etes sont serai seras sera serons serez seront serais serait serions seriez seraient etais etait
		etions etiez etaient fus fut fumes futes furent sois soit soyons soyez soient fusse fusses fut
		fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai as avons avez ont aurai
		auras aura aurons aurez auront aurais aurait aurions auriez auraient avais avait avions aviez
		avaient eut eumes eutes eurent aie aies ait ayons ayez aient eusse eusses eussions eussiez eussent
		ceci cela cet cette ici ils les leurs quel quels quelle quelles sans soi
		bonjour bonsoir merci cordialement madame monsieur mesdames messieurs svp stp
		quoi comment pourquoi quand combien ca deja tres plus aussi alors donc si car tout tous toute toutes
		faut peut peux puis doit dois veut veux dire savoir voudrais voudrions chose oui non bien bon ok
		est-ce estce vraiment juste encore
		`) {
		m[w] = true
	}
	return m
}()

// IsStopWord reports whether the folded word w is a stop word.
func IsStopWord(w string) bool { return stopWords[Fold(w)] }
