"""督查问责 — supervision and accountability: inspections (督查, 明察暗访) and their findings.

- ``inspection``: the team and its conflicts of interest, the findings' checks, and the findings
  turned into problem items when the team leader reports the inspection;
- ``secrecy``: who sees an inspection and its findings (明察暗访 stay with the team and the leading
  group until reported; then each inspected unit sees its own findings only);
- ``rounds``: the year's planned rounds (quarterly / half-yearly, ZGZ Settings) and those missed.

The rules that need no database are ``zgz_app.core.supervision``.
"""
