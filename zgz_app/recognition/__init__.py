"""评优选树 — recognition: the nominations for 十佳优秀服务明星 (附件3) and 优质服务事例 (附件4), their
scores and ranking.

- ``nominations``: who has nominated yet (the reminder's recipients) and the selection criteria;
- ``scoring``: the reviewers' scores, the ranking and the published result.

The nomination's own rules (window, one per person, the form's fields, the seal) are its controller's
(ZGZ Service Award); the pure rules (phone numbers, character counts, ranking with ties) are
``zgz_app.core.awards``.
"""
