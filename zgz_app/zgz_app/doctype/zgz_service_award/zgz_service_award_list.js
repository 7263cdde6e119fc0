// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

// The lead unit's view of the nominations: which units have not nominated yet, and the ranking.
frappe.listview_settings["ZGZ Service Award"] = {
	add_fields: ["award_kind", "workflow_state", "unit"],

	onload(listview) {
		if (!frappe.user.has_role(["ZGZ Campaign Manager", "ZGZ Leader", "System Manager"])) return;
		const campaign_filter = () => {
			const f = listview.filter_area.get().find((f) => f[1] === "campaign" && f[2] === "=");
			return f ? { campaign: f[3] } : {};
		};
		listview.page.add_inner_button(__("Units Yet to Nominate"), () =>
			frappe.set_route("query-report", "ZGZ Nomination Status", campaign_filter())
		);
		listview.page.add_inner_button(__("Ranking"), () =>
			frappe.set_route("query-report", "ZGZ Award Ranking", campaign_filter())
		);
	},
};
