// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

{% include "zgz_app/public/js/workflow_reason.js" %}

frappe.ui.form.on("ZGZ Key Task", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.workflow_state !== "Signed" || !frm.doc.due_date) return;
		// the same 延期申请 as a problem item's (ZGZ Extension Request), decided by the responsible leader
		frm.add_custom_button(__("Ask for an Extension"), () =>
			frappe.new_doc("ZGZ Extension Request", { key_task: frm.doc.name })
		);
	},

	// 退回 asks why first (the "Return" transitions are marked "Requires a Reason")
	before_workflow_action(frm) {
		return zgz_app.workflow.ask_reason(frm, __("Reason for Sending Back"));
	},
});
