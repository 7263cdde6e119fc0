"""What other libraries log about input that is fine, dropped where it is logged.

Frappe parses the CSS of every page it prints with cssutils (to read the page options of
`.print-format` rules), and of every mail it sends (premailer inlines the styles). cssutils checks each
declaration against CSS 2.1 and logs a WARNING or an ERROR for anything newer: Frappe's own print style
(`var(--gray-900)`, `#0000001a`, `object-fit`, `-webkit-print-color-adjust`) as much as this app's
(`word-wrap`, `text-overflow`), all of which wkhtmltopdf and mail readers render as meant. About twenty
lines a page that nobody acts on and that bury real errors in the worker's and the tests' output; so
the app drops them from cssutils' own logger, "CSSUTILS", and from no other.
"""

import logging

CSSUTILS_LOGGER = "CSSUTILS"


class CssCheckNoise(logging.Filter):
	"""Lets through only what cssutils logs as CRITICAL."""

	def filter(self, record: logging.LogRecord) -> bool:
		return record.levelno >= logging.CRITICAL


def quiet_cssutils() -> None:
	"""Install the filter once per process (cssutils resets its logger's level on import, not its
	filters, so this holds whichever is imported first)."""
	logger = logging.getLogger(CSSUTILS_LOGGER)
	if not any(isinstance(f, CssCheckNoise) for f in logger.filters):
		logger.addFilter(CssCheckNoise())
