// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

{% include "zgz_app/public/js/workflow_reason.js" %}

frappe.ui.form.on("ZGZ Problem Item", {
	refresh(frm) {
		if (frm.doc.return_reason && frm.doc.status === "Rectifying") {
			frm.dashboard.set_headline_alert(
				`${__("Reason for Sending Back")}: ${frappe.utils.escape_html(frm.doc.return_reason)}`,
				"red"
			);
		}
		if (frm.is_new() || frm.doc.status !== "Rectifying") return;
		// progress and extensions are records of their own (kept for good), started from here
		frm.add_custom_button(__("Report Progress"), () =>
			frappe.new_doc("ZGZ Progress Update", { problem_item: frm.doc.name })
		);
		frm.add_custom_button(__("Ask for an Extension"), () =>
			frappe.new_doc("ZGZ Extension Request", { problem_item: frm.doc.name })
		);
	},

	// 退回 and 重新整改 ask why first (transitions marked "Requires a Reason")
	before_workflow_action(frm) {
		return zgz_app.workflow.ask_reason(frm, __("Reason for Sending Back"));
	},
});
