// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

frappe.query_reports["ZGZ Evaluation Indicators"] = {
	filters: [
		{ fieldname: "evaluation", label: __("Evaluation"), fieldtype: "Link", options: "ZGZ Evaluation", reqd: 1 },
		{
			fieldname: "unit",
			label: __("Unit"),
			fieldtype: "Link",
			options: "ZGZ Unit",
			description: __("With an indicator: the records behind the unit's figure"),
		},
		{
			fieldname: "indicator",
			label: __("Indicator"),
			fieldtype: "Select",
			options: ["", "Items Closed on Time", "Overdue Items", "Inspection Findings", "Complaints Upheld", "Plans Signed Late", "Commitments Broken", "Red Days"],
		},
	],
};
