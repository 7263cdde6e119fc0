// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

{% include "zgz_app/public/js/workflow_reason.js" %}

frappe.ui.form.on("ZGZ Reconciliation", {
	refresh(frm) {
		if (frm.doc.return_reason && frm.doc.docstatus === 0) {
			frm.dashboard.set_headline_alert(
				`${__("Reason for Return")}: ${frappe.utils.escape_html(frm.doc.return_reason)}`,
				"red"
			);
		}
		if (!frm.is_new()) {
			// the items as they are today, beside the figures frozen at the period end
			frm.add_custom_button(__("Rectification Ledger"), () => {
				frappe.set_route("query-report", "ZGZ Rectification Ledger", {
					campaign: frm.doc.campaign,
					unit: frm.doc.unit || undefined,
				});
			});
			frm.add_custom_button(__("Compare Periods"), () => {
				frappe.set_route("query-report", "ZGZ Reconciliation Comparison", {
					campaign: frm.doc.campaign,
					unit: frm.doc.unit || undefined,
					period_type: frm.doc.period_type,
				});
			});
		}
	},

	// "Return" asks why first (a transition marked "Requires a Reason").
	before_workflow_action(frm) {
		return zgz_app.workflow.ask_reason(frm, __("Reason for Return"));
	},
});
