// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

{% include "zgz_app/zgz_app/report/problem_filters.js" %}

frappe.query_reports["ZGZ Problem List"] = {
	filters: zgz_app.reports.problem_filters.make([
		"campaign",
		"unit",
		"category",
		"source",
		"status",
		"responsible_person",
	]),
	onload(report) {
		zgz_app.reports.problem_filters.onload(report);
	},
};
