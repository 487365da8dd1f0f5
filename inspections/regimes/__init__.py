"""Inspection and review regimes as data: each regime a row with its deadline rule.

`models.py` holds the row, `rules.py` the arithmetic (no database), `seed.py` the regimes the
data migration writes.
"""
