// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

frappe.query_reports["ZGZ Key Task Ledger"] = {
	filters: [
		{ fieldname: "campaign", label: __("Campaign"), fieldtype: "Link", options: "ZGZ Campaign" },
		{ fieldname: "lead_unit", label: __("Lead Unit"), fieldtype: "Link", options: "ZGZ Unit" },
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
	],
};
