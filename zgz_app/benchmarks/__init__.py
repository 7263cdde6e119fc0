"""Benchmarks run on a site with ``bench --site SITE execute zgz_app.benchmarks.<module>.run``.

Each seeds what it needs inside one transaction and rolls it back at the end: nothing stays behind."""
