"""评议考评 — evaluation and ranking of units: rounds, indicators from the record, ballots, ranking.

- ``indicators``: each unit's figures computed from the record (problem items closed on time, overdue
  items, inspection findings, complaints upheld, plans signed late), one grouped query per indicator,
  each with its formula; a unit without the data behind a figure has it missing, never 0;
- ``ranking``: opening and closing a round; on closing, the weighted totals frozen, ranks with ties, the
  last places flagged and a 考评问责 proposed against each flagged unit's head.

The rules that need no database are ``zgz_app.core.evaluation``.
"""
