// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

frappe.query_reports["ZGZ Complaint Statistics"] = {
	filters: [
		{ fieldname: "campaign", label: __("Campaign"), fieldtype: "Link", options: "ZGZ Campaign" },
		{
			fieldname: "unit",
			label: __("Unit"),
			fieldtype: "Link",
			options: "ZGZ Unit",
			description: __("The unit and the units under it"),
		},
		{ fieldname: "from_date", label: __("From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date" },
	],
};
