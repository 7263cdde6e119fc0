// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("ZGZ Campaign", {
	refresh(frm) {
		zgz_campaign_dossier.setup(frm);
	},
});

// The campaign dossier (台账): one PDF of the campaign, built in the background (zgz_app.records).
// Progress comes by realtime when socket.io reaches the browser, and by polling the ZGZ Dossier
// record in any case.
const zgz_campaign_dossier = {
	title: __("Campaign Dossier"),

	may_build(frm) {
		return (
			frappe.user.has_role(["System Manager", "ZGZ Campaign Manager"]) ||
			(frm.doc.leading_group || []).some((row) => row.user === frappe.session.user)
		);
	},

	setup(frm) {
		if (frm.is_new() || !this.may_build(frm)) return;
		frm.add_custom_button(__("Build Dossier"), () => this.ask(frm), this.title);
		frm.add_custom_button(
			__("Dossiers Built"),
			() => frappe.set_route("List", "ZGZ Dossier", { campaign: frm.doc.name }),
			this.title,
		);
	},

	ask(frm) {
		const participating = (frm.doc.units || []).map((row) => row.unit);
		const dialog = new frappe.ui.Dialog({
			title: __("Build the Campaign Dossier"),
			fields: [
				{
					fieldname: "scope",
					fieldtype: "Select",
					label: __("Scope"),
					options: [
						{ value: "all", label: __("The whole campaign") },
						{ value: "units", label: __("Chosen units") },
					],
					default: "all",
				},
				{
					fieldname: "units",
					fieldtype: "MultiSelectList",
					label: __("Units"),
					depends_on: "eval:doc.scope=='units'",
					mandatory_depends_on: "eval:doc.scope=='units'",
					description: __("A unit brings the units under it"),
					get_data: (txt) =>
						participating.length
							? participating
									.filter((unit) => !txt || unit.includes(txt))
									.map((unit) => ({ value: unit, description: "" }))
							: frappe.db.get_link_options("ZGZ Unit", txt),
				},
				{
					fieldname: "include_attachments",
					fieldtype: "Check",
					label: __("Include Uploaded PDFs"),
					default: 1,
					description: __(
						"The scans of sealed paper forms, each after the record it is attached to",
					),
				},
			],
			primary_action_label: __("Build"),
			primary_action: (values) => {
				frappe
					.xcall("zgz_app.records.job.start", {
						campaign: frm.doc.name,
						units: values.scope === "units" ? values.units || [] : [],
						include_attachments: values.include_attachments ? 1 : 0,
					})
					.then((name) => {
						dialog.hide();
						this.follow(name);
					});
			},
		});
		dialog.show();
	},

	follow(name) {
		const poll = () =>
			frappe.xcall("zgz_app.records.job.status", { dossier: name }).then((state) => {
				if (state.status === "Done") {
					frappe.hide_progress();
					this.ready(state);
				} else if (state.status === "Failed") {
					frappe.hide_progress();
					frappe.msgprint({
						title: this.title,
						indicator: "red",
						message: __("The dossier could not be built: {0}", [
							frappe.utils.escape_html(state.error || ""),
						]),
					});
				} else {
					frappe.show_progress(
						this.title,
						state.progress || 0,
						100,
						state.progress_note || __("Waiting for a worker"),
					);
					setTimeout(poll, 2000);
				}
			});
		poll();
	},

	ready(state) {
		const link = (href, text) =>
			`<a href="${encodeURI(href)}" target="_blank">${frappe.utils.escape_html(text)}</a>`;
		let message = __("The dossier is ready: {0} pages.", [state.page_count]);
		if (state.warning_count) {
			message +=
				" " +
				__("{0} items could not go in; they are listed on its last page.", [
					state.warning_count,
				]);
		}
		frappe.msgprint({
			title: this.title,
			indicator: "green",
			message: `${message}<br><br>${link(state.result_file, __("Download the PDF"))} · ${link(
				`/app/zgz-dossier/${state.name}`,
				__("Open the dossier"),
			)}`,
		});
	},
};
