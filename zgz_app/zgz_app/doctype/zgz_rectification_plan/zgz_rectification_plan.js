// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

{% include "zgz_app/public/js/workflow_reason.js" %}

frappe.ui.form.on("ZGZ Rectification Plan", {
	setup(frm) {
		frm.set_query("campaign", () => ({ filters: { status: "In Progress" } }));
	},

	onload(frm) {
		if (frm.is_new() && !frm.doc.unit) {
			frappe
				.xcall(
					"zgz_app.zgz_app.doctype.zgz_rectification_plan.zgz_rectification_plan.default_unit"
				)
				.then((unit) => unit && frm.set_value("unit", unit));
		}
	},

	refresh(frm) {
		frm.trigger("set_category_options");
		if (frm.doc.return_reason && frm.doc.docstatus === 0) {
			frm.dashboard.set_headline_alert(
				`${__("Reason for Return")}: ${frappe.utils.escape_html(frm.doc.return_reason)}`,
				"red"
			);
		}
		zgz_app.plan_sheet.setup(frm);
	},

	campaign(frm) {
		frm.trigger("set_category_options");
	},

	set_category_options(frm) {
		if (!frm.doc.campaign) return;
		frappe.db.get_doc("ZGZ Campaign", frm.doc.campaign).then((campaign) => {
			const names = (campaign.categories || []).map((row) => row.category_name);
			frm.fields_dict.rows.grid.update_docfield_property("category", "options", names);
		});
	},

	// A transition marked "Requires a Reason" in the Workflow (e.g. 退回) asks for one first; the
	// server (zgz_app.workflow.apply_workflow) reads it from the posted document.
	before_workflow_action(frm) {
		return zgz_app.workflow.ask_reason(frm, __("Reason for Return"));
	},
});
