"""重点工作督办 — key tasks tracked to completion, as hard as problem items:

- ``reporting``: who has (not) reported each task's progress this period and the last (weekly or
  monthly, ZGZ Settings); a report not made by the period's last day is overdue;
- ``escalation``: each task under way and its open milestones coloured 蓝 / 黄 / 红 by the problem
  items' rules and working-day calendar, and the tasks each person is told about in the one daily
  digest (zgz_app.rectification.escalation).

The records (ZGZ Key Task with its milestone-plan workflow "ZGZ Key Task Plan", ZGZ Key Task
Milestone, ZGZ Key Task Report) are DocTypes in the module folder; the pure rules are
``zgz_app.core.key_tasks``.
"""
