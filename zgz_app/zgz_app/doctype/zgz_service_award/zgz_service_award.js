// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

{% include "zgz_app/public/js/workflow_reason.js" %}

const ZGZ_AWARD_LIMIT = 500;
const ZGZ_AWARD_FORMS = {
	"Service Star": "附件3 十佳优秀服务明星申报表",
	"Service Case": "附件4 优质服务事例申报表",
};

// Characters as a reader counts them (zgz_app/core/awards.py char_count): every character that shows,
// punctuation included; whitespace, zero-width characters and combining marks are not counted.
function zgz_char_count(text) {
	const hidden = /[\s\u0085\u001c-\u001f\u200b-\u200d\u2060\ufeff\p{M}]/u;
	return [...(text || "").normalize("NFC")].filter((ch) => !hidden.test(ch)).length;
}

function zgz_show_count(frm, fieldname, text) {
	const field = frm.fields_dict[fieldname];
	if (!field) return;
	const count = zgz_char_count(text === undefined ? frm.doc[fieldname] : text);
	const over = count - ZGZ_AWARD_LIMIT;
	const words =
		over > 0
			? __("{0} characters: {1} over the limit of {2}. Shorten it.", [count, over, ZGZ_AWARD_LIMIT])
			: __("{0} of {1} characters", [count, ZGZ_AWARD_LIMIT]);
	field.set_description(`<span class="${over > 0 ? "text-danger" : "text-muted"}">${words}</span>`);
}

function zgz_watch_count(frm, fieldname) {
	const field = frm.fields_dict[fieldname];
	if (!field || !field.$input) return;
	field.$input
		.off("input.zgz_count")
		.on("input.zgz_count", () => zgz_show_count(frm, fieldname, field.$input.val()));
	zgz_show_count(frm, fieldname);
}

frappe.ui.form.on("ZGZ Service Award", {
	setup(frm) {
		frm.set_query("campaign", () => ({
			filters: { nomination_start: ["is", "set"], status: ["!=", "Ended"] },
		}));
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
		["deeds", "practice"].forEach((f) => zgz_watch_count(frm, f));
		// print with the form of the nomination's kind: 附件3 for a person, 附件4 for a case
		frm.meta.default_print_format = ZGZ_AWARD_FORMS[frm.doc.award_kind];
		if (frm.doc.return_reason && frm.doc.docstatus === 0) {
			frm.dashboard.set_headline_alert(
				`${__("Reason for Return")}: ${frappe.utils.escape_html(frm.doc.return_reason)}`,
				"red"
			);
		}
		if (
			frm.doc.workflow_state === "Submitted Up" &&
			frappe.user.has_role(["ZGZ Leader", "ZGZ Campaign Manager"])
		) {
			frm.add_custom_button(__("Score"), () =>
				frappe.new_doc("ZGZ Award Score", { award: frm.doc.name })
			);
		}
	},

	award_kind(frm) {
		frm.meta.default_print_format = ZGZ_AWARD_FORMS[frm.doc.award_kind];
		["deeds", "practice"].forEach((f) => zgz_watch_count(frm, f));
	},

	deeds(frm) {
		zgz_show_count(frm, "deeds");
	},

	practice(frm) {
		zgz_show_count(frm, "practice");
	},

	// Signing needs the opinion saved first (the workflow action reloads the document), and a
	// transition marked "Requires a Reason" (退回) asks for one; the server reads it from the document.
	before_workflow_action(frm) {
		const action = frm.selected_workflow_action;
		if (action === "Sign and Seal" && !(frm.doc.opinion || "").trim()) {
			frappe.dom.unfreeze();
			return new Promise((resolve, reject) => {
				const dialog = frappe.prompt(
					{ fieldname: "opinion", fieldtype: "Small Text", label: __("Opinion"), reqd: 1 },
					({ opinion }) => {
						frm.set_value("opinion", opinion)
							.then(() => frm.save())
							.then(() => {
								frappe.dom.freeze();
								resolve();
							}, reject);
					},
					__(action),
					__(action)
				);
				dialog.onhide = () => (frm.doc.opinion || "").trim() || reject();
			});
		}
		return zgz_app.workflow.ask_reason(frm, __("Reason for Return"));
	},
});
