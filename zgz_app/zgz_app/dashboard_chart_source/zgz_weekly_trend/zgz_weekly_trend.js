// Copyright (c) 2026, zgz_app developers and contributors
// For license information, please see license.txt

frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["ZGZ Weekly Trend"] = {
	method: "zgz_app.zgz_app.dashboard_chart_source.zgz_weekly_trend.zgz_weekly_trend.get",
	filters: [
		{
			fieldname: "campaign",
			label: __("Campaign"),
			fieldtype: "Link",
			options: "ZGZ Campaign",
		},
	],
};
