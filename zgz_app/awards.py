"""Moved to ``zgz_app.recognition`` (评优选树). This module keeps the old dotted paths answering — the desk of a browser
opened before an upgrade, and any Server Script, report or bookmark an office made. New code imports
from ``zgz_app.recognition``."""

from zgz_app.core.awards import *
from zgz_app.recognition.nominations import *
from zgz_app.recognition.scoring import *
