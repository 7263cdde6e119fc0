// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

// A workflow action whose transition is marked "Requires a Reason" (e.g. 退回) asks for one before it
// is taken; the server (zgz_app.workflow.apply_workflow) reads it from the posted document's
// return_reason. A routed DocType's form script includes this file and returns
// zgz_app.workflow.ask_reason(frm, label) from its before_workflow_action.
frappe.provide("zgz_app.workflow");

zgz_app.workflow.ask_reason = function (frm, label) {
	const workflow = frappe.workflow.workflows[frm.doctype];
	const state = frm.doc[workflow?.workflow_state_field || "workflow_state"];
	const needs_reason = (workflow?.transitions || []).some(
		(t) =>
			t.state === state &&
			t.action === frm.selected_workflow_action &&
			t.zgz_requires_reason
	);
	if (!needs_reason) return;
	frappe.dom.unfreeze();
	return new Promise((resolve, reject) => {
		const dialog = frappe.prompt(
			{ fieldname: "reason", fieldtype: "Small Text", label: label, reqd: 1 },
			({ reason }) => {
				frm.doc.return_reason = reason;
				frappe.dom.freeze();
				resolve();
			},
			__(frm.selected_workflow_action),
			__(frm.selected_workflow_action)
		);
		dialog.onhide = () => frm.doc.return_reason || reject();
	});
};
