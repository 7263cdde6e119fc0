"""Moved to ``zgz_app.rectification`` (查摆整改). This module keeps the old dotted paths answering — the desk of a browser
opened before an upgrade, and any Server Script, report or bookmark an office made. New code imports
from ``zgz_app.rectification``."""

from zgz_app.rectification.plan_sheet import *
