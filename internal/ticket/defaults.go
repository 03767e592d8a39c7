package ticket

// DefaultTopics is the taxonomy a new installation starts with: what companies ask
// a procurement contact cell about (DOMAIN.md). An admin may relabel, reorder,
// deactivate or add topics; the ids stay, as the API speaks them.
func DefaultTopics() []Topic {
	t := []Topic{
		{ID: "repondre", LabelFR: "Répondre / candidature", LabelEN: "Responding / application"},
		{ID: "dce", LabelFR: "DCE (documents de la consultation)", LabelEN: "Tender documents"},
		{ID: "allotissement", LabelFR: "Allotissement", LabelEN: "Lots"},
		{ID: "rejet", LabelFR: "Rejet / non retenu", LabelEN: "Rejection"},
		{ID: "attribution", LabelFR: "Attribution", LabelEN: "Award"},
		{ID: "execution", LabelFR: "Exécution", LabelEN: "Performance of the contract"},
		{ID: "paiement", LabelFR: "Paiement", LabelEN: "Payment"},
		{ID: "dematerialisation", LabelFR: "Dématérialisation / plateforme", LabelEN: "E-procurement platform"},
		{ID: "seuils_procedures", LabelFR: "Seuils et procédures", LabelEN: "Thresholds and procedures"},
		{ID: "autre", LabelFR: "Autre", LabelEN: "Other"},
	}
	for i := range t {
		t[i].Position, t[i].Active = i+1, true
	}
	return t
}

// DefaultTeams is the cell and the region's four thematic purchasing services
// (DOMAIN.md). Services are configuration: an admin renames, adds or retires them.
func DefaultTeams() []Team {
	return []Team{
		{ID: CellTeamID, Name: "Cellule contact marchés publics", IsCell: true, Active: true},
		{ID: "travaux", Name: "Travaux", Active: true},
		{ID: "fournitures_services", Name: "Fournitures et services", Active: true},
		{ID: "prestations_intellectuelles", Name: "Prestations intellectuelles, TIC et formation", Active: true},
		{ID: "mobilite", Name: "Mobilité", Active: true},
	}
}
