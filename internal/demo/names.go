package demo

// person is a first name and whether it is a woman's, for "Madame" or "Monsieur".
type person struct {
	first string
	woman bool
}

var firstNames = []person{
	{"Marie", true}, {"Nathalie", true}, {"Isabelle", true}, {"Sylvie", true}, {"Catherine", true},
	{"Christine", true}, {"Sandrine", true}, {"Valérie", true}, {"Céline", true}, {"Stéphanie", true},
	{"Sophie", true}, {"Aurélie", true}, {"Émilie", true}, {"Julie", true}, {"Camille", true},
	{"Laura", true}, {"Sarah", true}, {"Claire", true}, {"Anne", true}, {"Caroline", true},
	{"Virginie", true}, {"Élodie", true}, {"Amandine", true}, {"Laëtitia", true}, {"Mélanie", true},
	{"Pauline", true}, {"Manon", true}, {"Chloé", true}, {"Inès", true}, {"Nadia", true},
	{"Samia", true}, {"Karima", true}, {"Agnès", true}, {"Martine", true}, {"Hélène", true},
	{"Jean", false}, {"Philippe", false}, {"Michel", false}, {"Alain", false}, {"Patrick", false},
	{"Nicolas", false}, {"Christophe", false}, {"Pierre", false}, {"Laurent", false}, {"Frédéric", false},
	{"Stéphane", false}, {"Éric", false}, {"Olivier", false}, {"David", false}, {"Julien", false},
	{"Sébastien", false}, {"Thomas", false}, {"Guillaume", false}, {"Jérôme", false}, {"Romain", false},
	{"Mathieu", false}, {"Maxime", false}, {"Antoine", false}, {"Alexandre", false}, {"Vincent", false},
	{"Franck", false}, {"Thierry", false}, {"Bruno", false}, {"Didier", false}, {"Pascal", false},
	{"Lucas", false}, {"Hugo", false}, {"Kévin", false}, {"Mehdi", false}, {"Karim", false},
	{"Yassine", false}, {"Rachid", false}, {"José", false}, {"Gilles", false}, {"Cédric", false},
}

var familyNames = []string{
	"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
	"Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
	"Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
	"Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
	"Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
	"Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier",
	"Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Perez", "Marchand", "Dufour",
	"Blanchard", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez", "Renard",
	"Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine",
	"Picard", "Gaillard", "Fabre", "Dupuis", "Olivier", "Rodriguez", "Da Silva", "Hubert", "Guillot", "Rivière",
	"Rey", "Moulin", "Berger", "Lecomte", "Ménard", "Fleury", "Deschamps", "Carpentier", "Benoît", "Maillard",
	"Chabert", "Vial", "Perret", "Jacquier", "Girod", "Bouvier", "Mollard", "Favre", "Duc", "Ravier",
	"Chapuis", "Tissot", "Pernet", "Bérard", "Gay", "Brunel", "Chazal", "Achard", "Vallet", "Mounier",
	"Veyret", "Besson", "Chambon", "Sabatier", "Delorme", "Pélissier", "Bonnefoy", "Couturier", "Jourdan",
	"Teyssier", "Vigouroux", "Aulagnier", "Bourdin", "Reynaud", "Bouchet", "Cuisinier", "Chatelain",
	"Benali", "Haddad", "Mansouri", "Diallo", "Da Costa", "Pereira", "Ferreira", "Kaya", "Rossi", "Bianchi",
	"Moretti", "Ferrari", "Cohen", "Weber", "Klein",
}
