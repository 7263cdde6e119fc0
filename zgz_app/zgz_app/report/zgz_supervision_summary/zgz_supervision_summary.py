# Copyright (c) 2026, zgz_app developers and contributors
# For license information, please see license.txt

"""督查问责统计: inspections this year by kind, findings by unit and category (with the share closed out
and the units found wanting again), accountability by kind and measure, and the year's inspection plan
with the rounds missed (zgz_app.supervision.summary)."""

from zgz_app.supervision.summary import run


def execute(filters=None):
	return run(filters)
