"""台账 — the campaign's records: the dossier (台账 / 汇编), the whole campaign or chosen units as one
bound PDF.

- ``job``: who may build and read a dossier, starting a build and following it (the background job on
  the "long" queue, and the dossiers whose job died);
- ``sections``: what goes in — the registry of sections (``SECTIONS``) and the records and uploads of
  each, units in the tree's order;
- ``assembly``: printing the records (many per wkhtmltopdf run) and binding them, with the uploads,
  the list of what was left out, the cover and the table of contents;
- ``notice``: telling the requester;
- ``uploads``: the check on every PDF uploaded to a ZGZ record (one the dossier can bind in).

The PDF work that needs no Frappe (streaming, outline, page numbers) is ``zgz_app.core.dossier``.
"""
