// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

{% include "zgz_app/zgz_app/report/problem_filters.js" %}

frappe.query_reports["ZGZ Rectification Ledger"] = {
	filters: [
		...zgz_app.reports.problem_filters.make([
			"campaign",
			"unit",
			"category",
			"status",
			"responsible_person",
		]),
		{
			fieldname: "colour",
			label: __("Warning Colour"),
			fieldtype: "Select",
			options: [
				"",
				{ value: "Red", label: __("Red") },
				{ value: "Yellow", label: __("Yellow") },
				{ value: "Blue", label: __("Blue") },
			],
		},
		{ fieldname: "overdue_only", label: __("Overdue Only"), fieldtype: "Check" },
	],
	onload(report) {
		zgz_app.reports.problem_filters.onload(report);
	},
	// The warning colour as an indicator pill; overdue days in red.
	indicators: { Red: "red", Yellow: "yellow", Blue: "blue" },
	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname === "colour") {
			const indicator = frappe.query_reports["ZGZ Rectification Ledger"].indicators[data?.colour];
			if (!indicator) return "";
			return `<span class="indicator-pill ${indicator}">${__(data.colour)}</span>`;
		}
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "overdue_days" && data && data.overdue_days > 0) {
			return `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
