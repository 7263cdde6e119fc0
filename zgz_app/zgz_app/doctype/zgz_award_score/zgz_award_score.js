// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("ZGZ Award Score", {
	setup(frm) {
		frm.set_query("award", () => ({ filters: { workflow_state: "Submitted Up" } }));
	},

	onload(frm) {
		if (frm.is_new() && frm.doc.award && !(frm.doc.scores || []).length) frm.trigger("award");
	},

	// one row per criterion the campaign sets for the nomination's kind
	award(frm) {
		if (!frm.doc.award) return;
		frappe
			.xcall("zgz_app.recognition.scoring.score_rows", { award: frm.doc.award })
			.then((rows) => {
				frm.clear_table("scores");
				rows.forEach((row) => frm.add_child("scores", { ...row, score: null }));
				frm.refresh_field("scores");
			});
	},
});

frappe.ui.form.on("ZGZ Award Score Item", {
	score(frm) {
		const total = (frm.doc.scores || []).reduce((sum, row) => sum + (row.score || 0), 0);
		frm.set_value("total", total);
	},
});
