"""WSGI entry point for the demo server: gunicorn on 127.0.0.1 serving one site.

`bench serve` binds 0.0.0.0, so the run command starts gunicorn itself. Frappe picks the site from the
Host header; in production nginx's default server maps any host to the default site. Here the
site comes from FRAPPE_SITE (or the bench's default site) unless the request names one, so that
http://127.0.0.1:8000 works for browsers, curl and wkhtmltopdf alike.
"""

import os

from frappe.app import application_with_statics

_site = os.environ.get("FRAPPE_SITE") or open("currentsite.txt").read().strip()
_app = application_with_statics()


def application(environ, start_response):
	environ.setdefault("HTTP_X_FRAPPE_SITE_NAME", _site)
	return _app(environ, start_response)
