// The plan form's 附件2 (Excel) buttons: import from a file, paste from Excel, export.
// The form calls zgz_app.plan_sheet.setup(frm) from its refresh; the server side is zgz_app/rectification/plan_sheet.py.

frappe.provide("zgz_app");

zgz_app.plan_sheet = {
	method: "zgz_app.rectification.plan_sheet",

	setup(frm) {
		if (frm.is_new()) return;
		const group = __("Attachment 2 (Excel)");
		if (this.editable(frm)) {
			frm.add_custom_button(__("Import from Excel"), () => this.import_file(frm), group);
			frm.add_custom_button(__("Paste from Excel"), () => this.paste(frm), group);
		}
		frm.add_custom_button(__("Export Attachment 2"), () => this.download(frm, "export_rows"), group);
	},

	// Editable as the workflow says (its Allow Edit per state), like the form itself.
	editable(frm) {
		return (
			frm.doc.docstatus === 0 &&
			!frappe.workflow.is_read_only(frm.doctype, frm.docname) &&
			frm.has_perm("write")
		);
	},

	replace_field() {
		return {
			fieldname: "replace",
			fieldtype: "Check",
			label: __("Replace the rows already in the plan"),
			description: __("Unticked: the imported rows are added after them."),
			default: 1,
		};
	},

	import_file(frm) {
		if (!this.saved(frm)) return;
		const dialog = frappe.prompt(
			[
				{
					fieldname: "file_url",
					fieldtype: "Attach",
					label: __("Attachment 2 sheet (.xlsx, .xls or .csv)"),
					reqd: 1,
					options: { restrictions: { allowed_file_types: [".xlsx", ".xls", ".csv"] } },
					description: __(
						"The header row must name the columns (序号, 查摆出的问题, 整改措施, 责任领导, 责任人, 整改时限, 备注, 问题类别, 问题来源); title rows above it are ignored."
					),
				},
				this.replace_field(),
			],
			(values) => this.run(frm, { file_url: values.file_url, replace: values.replace }),
			__("Import from Excel"),
			__("Import")
		);
		dialog.set_secondary_action_label(__("Download Template"));
		dialog.set_secondary_action(() => this.download(frm, "download_template"));
	},

	paste(frm) {
		if (!this.saved(frm)) return;
		frappe.prompt(
			[
				{
					fieldname: "text",
					fieldtype: "Long Text",
					label: __("Rows copied from Excel"),
					reqd: 1,
					description: __(
						"Select the rows in Excel (with the header row, or in the order of the form's columns) and paste them here."
					),
				},
				this.replace_field(),
			],
			(values) => this.run(frm, { text: values.text, replace: values.replace }),
			__("Paste from Excel"),
			__("Import")
		);
	},

	saved(frm) {
		if (frm.is_dirty()) {
			frappe.msgprint(__("Save the plan first, then import."));
			return false;
		}
		return true;
	},

	run(frm, args) {
		// A bad sheet comes back as one error listing every bad cell; Frappe shows it as it is.
		frappe.call({
			method: `${this.method}.import_rows`,
			args: { plan: frm.doc.name, ...args },
			freeze: true,
			freeze_message: __("Importing..."),
			callback: (r) => {
				frm.reload_doc();
				frappe.show_alert({ message: __("{0} rows imported", [r.message]), indicator: "green" });
			},
		});
	},

	download(frm, what) {
		open_url_post(`/api/method/${this.method}.${what}`, { plan: frm.doc.name });
	},
};
