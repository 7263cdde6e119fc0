"""专项活动 — the campaign itself, beyond its form: who sees which unit's records (``permissions``:
User Permissions kept in step with unit membership) and its status and current phase moved on with
the calendar (``status``), and the document number (文号) of what the office issues, campaigns and
通报 alike (``doc_number``). ``permissions`` also says who sits in a campaign's leading group, for
every stage's own permission rules.

The campaign's own rules (document number, leading group, phases, deadlines) are its controller's
(ZGZ Campaign), and the pure ones ``zgz_app.core.dates``, ``core.docnumber`` and ``core.rules``.
"""
