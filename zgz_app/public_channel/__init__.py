"""群众监督 — the public's channel (投诉举报 / 群众提): the stage where the public, not the office,
raises a problem. Its own package rather than a part of rectification: it faces outward (guest pages,
CAPTCHA, rate limit, tracking codes, the complainant's protected identity) and only its end — an upheld
complaint — joins rectification as a problem item (source 投诉举报, origin Complaint).

- intake: the filing page's service (CAPTCHA, attachments, the checks on what the public sends);
- tracking: the tracking page's service (status and public reply by code, the complainant's rating);
- handling: triage → unit → answer → problem item, the working-day deadlines, what is overdue;
- access: who sees which complaint (the lead office all, a unit only what was passed to it).
"""
