"""Rules of the campaign that need no database: plain functions, unit-tested without a site.

Controllers call these and turn the problems they report into translated messages.
"""
