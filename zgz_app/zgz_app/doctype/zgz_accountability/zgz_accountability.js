// 问责: the measures are the list in ZGZ Settings (editable there)
frappe.ui.form.on("ZGZ Accountability", {
	onload(frm) {
		frappe.call("zgz_app.supervision.accountability.measure_options").then((r) => {
			frm.set_df_property("measure", "options", r.message || []);
		});
	},
});
