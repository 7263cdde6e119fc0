// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

frappe.query_reports["ZGZ Evaluation Results"] = {
	filters: [
		{
			fieldname: "evaluation",
			label: __("Evaluation"),
			fieldtype: "Data",
			description: __("A round's number (ZGZ-EVAL-…); empty: every closed round"),
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		return data && data.flagged && column.fieldname === "rank" ? `<b style="color:#c0392b">${value}</b>` : value;
	},
};
