// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

frappe.query_reports["ZGZ Award Ranking"] = {
	filters: [
		{
			fieldname: "campaign",
			label: __("Campaign"),
			fieldtype: "Link",
			options: "ZGZ Campaign",
			reqd: 1,
		},
		{
			fieldname: "award_kind",
			label: __("Award"),
			fieldtype: "Select",
			options: [
				{ value: "Service Star", label: __("Service Star") },
				{ value: "Service Case", label: __("Service Case") },
			],
			default: "Service Star",
			reqd: 1,
		},
		{ fieldname: "places", label: __("Places"), fieldtype: "Int", default: 10 },
		{ fieldname: "show_all", label: __("Show All Nominations"), fieldtype: "Check", default: 0 },
	],

	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.tie_at_cut && ["rank", "note"].includes(column.fieldname)) {
			return `<span class="text-danger bold">${value}</span>`;
		}
		if (data && data.in_top && column.fieldname === "rank") return `<b>${value}</b>`;
		return value;
	},

	onload(report) {
		if (!frappe.user.has_role(["ZGZ Campaign Manager", "ZGZ Leader", "System Manager"])) return;
		report.page.add_inner_button(__("Publish Result"), () => {
			const { campaign, award_kind, places } = report.get_values();
			frappe.confirm(
				__("Select the top {0} and mark the others Not Selected, then publish the result as a notice?", [
					places || 10,
				]),
				() =>
					frappe
						.xcall("zgz_app.recognition.scoring.publish_result", { campaign, award_kind, places: places || 10 })
						.then((note) => {
							report.refresh();
							frappe.set_route("Form", "Note", note);
						})
			);
		});
	},
};
