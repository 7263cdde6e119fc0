"""查摆整改 — screening and rectification, from the 附件2 sheet to the closed item:

- ``plan_sheet``: the 附件2 问题摸排表 as an Excel sheet — a blank to fill in, a plan's rows out and in;
- ``escalation``: the daily three-colour digest (蓝 / 黄 / 红), one mail per person;
- ``reconciliation``: 月对账、季对账、年对账, the frozen snapshots per unit and per campaign.

The records themselves (plan, problem item, progress update, extension request, reconciliation) are
DocTypes in the module folder ``zgz_app/zgz_app``; the pure rules (sheet checks, colours and working
days, periods and tallies) are ``zgz_app.core``.
"""
