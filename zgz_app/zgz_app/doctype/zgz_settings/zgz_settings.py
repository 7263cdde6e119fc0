# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""The app's settings: escalation thresholds, the holiday list, the look-back check, reconciliation
periods and the dossier's upload limit."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate
from zgz_app.core.escalation import Thresholds, WorkCalendar, threshold_errors


def rule_message(rule: str, label) -> str:
	"""The fix for a rule broken (core.escalation.threshold_errors), naming the fields by their labels."""
	if rule == "not_negative":
		return _("{0} cannot be negative. Enter 0 or more.").format(label("yellow_days"))
	if rule == "blue_before_yellow":
		return _("{0} must be at least {1}: blue comes before yellow. Raise {0} or lower {1}.").format(
			label("blue_days"), label("yellow_days")
		)
	if rule == "percent_range":
		return _("{0} must be between 0 and 100.").format(label("yellow_below_percent"))
	if rule == "at_least_one":
		return _("{0} must be 1 or more: an item is overdue from the first day after its deadline.").format(
			label("red_overdue_days")
		)
	return _(
		"{0} must be at least {1}: the leading group is told only about red items. Raise {0} or lower {1}."
	).format(label("group_overdue_days"), label("red_overdue_days"))


class ZGZSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from zgz_app.zgz_app.doctype.zgz_accountability_measure.zgz_accountability_measure import (
			ZGZAccountabilityMeasure,
		)
		from zgz_app.zgz_app.doctype.zgz_holiday.zgz_holiday import ZGZHoliday

		accountability_measures: DF.Table[ZGZAccountabilityMeasure]

		blue_days: DF.Int
		concentrated_inspections: DF.Check
		digest_item_limit: DF.Int
		dossier_max_upload_mb: DF.Int
		evaluation_flag_last: DF.Int
		group_overdue_days: DF.Int
		holidays: DF.Table[ZGZHoliday]
		inspection_rectify_days: DF.Int
		name_masking: DF.Literal["Surname and 某某", "Surname and 某", "Middle Hidden"]
		reconcile_monthly: DF.Check
		reconcile_quarterly: DF.Check
		reconcile_yearly: DF.Check
		red_overdue_days: DF.Int
		review_after_days: DF.Int
		routine_inspections: DF.Literal["Quarterly", "Half-yearly", "Not Planned"]
		statement_days: DF.Int
		weekends_off: DF.Check
		yellow_below_percent: DF.Percent
		yellow_days: DF.Int

	# end: auto-generated types
	def validate(self):
		self.validate_thresholds()
		self.validate_positive_days()

	def validate_thresholds(self):
		errors = threshold_errors(self.thresholds())
		if errors:

			def label(field):
				return _(self.meta.get_label(field))

			lines = [rule_message(rule, label) for _field, rule in errors]
			frappe.throw("<br>".join(lines), title=_("Thresholds Out of Order"))

	def validate_positive_days(self):
		for field in (
			"review_after_days",
			"digest_item_limit",
			"dossier_max_upload_mb",
			"inspection_rectify_days",
			"statement_days",
		):
			if (self.get(field) or 0) < 1:
				frappe.throw(
					_("{0} must be 1 or more.").format(_(self.meta.get_label(field))),
					title=_("Invalid Setting"),
				)

	def thresholds(self) -> Thresholds:
		return Thresholds(
			blue_days=self.blue_days or 0,
			yellow_days=self.yellow_days or 0,
			yellow_below_percent=self.yellow_below_percent or 0,
			red_overdue_days=self.red_overdue_days or 0,
			group_overdue_days=self.group_overdue_days or 0,
		)

	def calendar(self) -> WorkCalendar:
		"""Working days. Kept here rather than on ERPNext's Holiday List, which Frappe itself lacks; the
		rows also say which weekend days are worked (调休上班), as a Chinese office calendar needs."""
		return WorkCalendar(
			holidays=[getdate(h.holiday_date) for h in self.holidays if not h.working_day],
			weekly_off=(5, 6) if self.weekends_off else (),
			working_days=[getdate(h.holiday_date) for h in self.holidays if h.working_day],
		)


def get_settings() -> ZGZSettings:
	return frappe.get_cached_doc("ZGZ Settings")
