// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

{% include "zgz_app/zgz_app/report/problem_filters.js" %}

frappe.query_reports["ZGZ Reconciliation Comparison"] = {
	filters: [
		...zgz_app.reports.problem_filters.make(["campaign"]),
		{
			fieldname: "unit",
			label: __("Unit"),
			fieldtype: "Link",
			options: "ZGZ Unit",
			description: __("Empty: the whole campaign"),
		},
		{
			fieldname: "period_type",
			label: __("Period"),
			fieldtype: "Select",
			options: [
				{ value: "Month", label: __("Month") },
				{ value: "Quarter", label: __("Quarter") },
				{ value: "Year", label: __("Year") },
			],
			default: "Month",
			reqd: 1,
		},
	],
	onload(report) {
		zgz_app.reports.problem_filters.onload(report);
	},
	// Changes with their sign: green where things got better, red where they got worse.
	better_when_lower: ["open_items_change", "overdue_items_change"],
	formatter(value, row, column, data, default_formatter) {
		const settings = frappe.query_reports["ZGZ Reconciliation Comparison"];
		if (column.fieldname === "workflow_state" && value) {
			return __(value);
		}
		if (!column.fieldname.endsWith("_change") || value === null || value === undefined) {
			return default_formatter(value, row, column, data);
		}
		if (value === 0) return "0";
		const text = (value > 0 ? "+" : "") + format_number(value, null, Number.isInteger(value) ? 0 : 1);
		if (["total_items_change", "extended_items_change"].includes(column.fieldname)) return text;
		const better = settings.better_when_lower.includes(column.fieldname) ? value < 0 : value > 0;
		return `<span class="${better ? "text-success" : "text-danger"}">${text}</span>`;
	},
};
