// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("ZGZ Dossier", {
	refresh(frm) {
		if (frm.doc.result_file) {
			frm.add_custom_button(__("Download the PDF"), () =>
				window.open(encodeURI(frm.doc.result_file)),
			);
		}
		clearTimeout(frm.zgz_poll);
		if (["Queued", "Running"].includes(frm.doc.status)) {
			frm.dashboard.show_progress(
				__("Building"),
				frm.doc.progress || 0,
				frm.doc.progress_note || __("Waiting for a worker"),
			);
			// the job commits its progress: read the record again until it is done (realtime
			// may not reach the browser)
			const name = frm.doc.name;
			frm.zgz_poll = setTimeout(() => {
				if (frm.doc.name === name && !frm.is_dirty()) frm.reload_doc();
			}, 3000);
		}
	},
});
