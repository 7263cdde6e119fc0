// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

frappe.listview_settings["ZGZ Dossier"] = {
	get_indicator(doc) {
		const colours = { Queued: "gray", Running: "blue", Done: "green", Failed: "red" };
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
