// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

frappe.query_reports["ZGZ Supervision Summary"] = {
	filters: [
		{
			fieldname: "campaign",
			label: __("Campaign"),
			fieldtype: "Link",
			options: "ZGZ Campaign",
			reqd: 1,
		},
		{
			fieldname: "view",
			label: __("Summary View"),
			fieldtype: "Select",
			options: [
				{ value: "Inspections by Kind", label: __("Inspections by Kind") },
				{ value: "Findings by Unit and Category", label: __("Findings by Unit and Category") },
				{ value: "Accountability", label: __("Accountability") },
				{ value: "Inspection Plan", label: __("Inspection Plan") },
			],
			default: "Inspections by Kind",
		},
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			default: new Date().getFullYear(),
		},
	],

	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "status" && data && data.status === __("Missed")) {
			return `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
