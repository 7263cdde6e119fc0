// 评议: the round's steps from the form (zgz_app.evaluation.ranking, .codes, .results).
const ZGZ_EVAL = "zgz_app.evaluation.";

frappe.ui.form.on("ZGZ Evaluation", {
	refresh(frm) {
		// what the server refuses to change once the round opens (or closes) is not offered for editing
		const open = !frm.is_new() && frm.doc.status !== "Draft";
		const closed = ["Closed", "Published"].includes(frm.doc.status);
		["units", "criteria", "rater_groups"].forEach((f) => frm.set_df_property(f, "read_only", open ? 1 : 0));
		["raters", "flag_last"].forEach((f) => frm.set_df_property(f, "read_only", closed ? 1 : 0));
		if (frm.is_new()) return;
		const call = (method, args, done) =>
			frappe.call({ method: ZGZ_EVAL + method, args: { name: frm.doc.name, ...args } }).then((r) => {
				if (done) done(r.message);
				frm.reload_doc();
			});
		if (frm.doc.status === "Draft") {
			frm.add_custom_button(__("Open the Round"), () => call("ranking.open_evaluation"));
		}
		if (frm.doc.status === "Open") {
			frm.add_custom_button(__("Close and Rank"), () =>
				frappe.confirm(__("Close the round? No ballot is taken after, and the results are frozen."), () =>
					call("ranking.close_evaluation")
				)
			);
		}
		if (["Draft", "Open"].includes(frm.doc.status)) {
			const outside = (frm.doc.rater_groups || []).filter((g) => g.kind === "Outside");
			if (outside.length) {
				frm.add_custom_button(__("Issue Codes"), () =>
					frappe.prompt(
						[
							{ fieldname: "rater_group", fieldtype: "Select", label: __("Rater Group"), reqd: 1,
								options: outside.map((g) => g.rater_group) },
							{ fieldname: "count", fieldtype: "Int", label: __("Count"), reqd: 1, default: 10 },
						],
						(v) =>
							call("codes.issue_codes", v, (codes) =>
								frappe.msgprint({
									title: __("Codes (shown once: print or send them now)"),
									message: codes.map((c) => `${c}　${frappe.urllib.get_base_url()}/evaluate?code=${c}`).join("<br>"),
								})
							),
						__("Issue Codes")
					)
				);
			}
		}
		if (frm.doc.status === "Closed") {
			frm.add_custom_button(__("Draft 评议结果通报"), () =>
				frappe.prompt(
					[{ fieldname: "doc_number", fieldtype: "Data", label: __("Document Number"), reqd: 1 }],
					(v) => call("results.draft_results_notice", v, (notice) => frappe.set_route("Form", "ZGZ Notice", notice)),
					__("Draft 评议结果通报")
				)
			);
			if (frm.perm[0] && frm.perm[0].write) {
				frm.add_custom_button(__("Publish Results"), () =>
					frappe.confirm(__("Publish the results? Every unit then reads the whole ranking."), () =>
						call("visibility.publish_results")
					)
				);
			}
		}
	},
});
