"""For the browser check only: the answer the server keeps for a CAPTCHA token (read from the site's
Redis, where zgz_app.public_channel.intake put it). Run with the bench's Python from its sites folder:
    ../env/bin/python /path/to/captcha_answer.py <site> <token>"""

import sys

import frappe

frappe.init(site=sys.argv[1])
frappe.connect()
print(frappe.cache.get_value(f"zgz_captcha:{sys.argv[2]}"))
frappe.destroy()
