"""Moved to ``zgz_app.records`` (台账). This module keeps the old dotted paths answering: the desk of a
browser opened before an upgrade, a build job queued before it (``zgz_app.dossier.build_job``), and
any Server Script or bookmark an office made. New code imports from ``zgz_app.records``."""

from zgz_app.records.assembly import BATCH, Renderer, assemble, build
from zgz_app.records.job import (
	build_job,
	fail_lost_dossiers,
	has_permission,
	may_build,
	query_conditions,
	start,
	status,
)
from zgz_app.records.sections import SECTIONS, Part, Record, Section, collect, upload_path
from zgz_app.records.uploads import check_upload, max_upload_mb
