// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

frappe.query_reports["ZGZ Nomination Status"] = {
	filters: [
		{
			fieldname: "campaign",
			label: __("Campaign"),
			fieldtype: "Link",
			options: "ZGZ Campaign",
			reqd: 1,
		},
	],

	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "status" && data && !data.nominated && data.unit) {
			return `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
