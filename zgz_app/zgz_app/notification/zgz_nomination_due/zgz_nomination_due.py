"""Context for the standard Notification of the same name (its message is the .html beside it).

Its recipients are the heads in the campaign's table *Units Yet to Nominate*; the table is brought up
to date here, right before the mail is made, so that a unit that nominated since yesterday is left
out."""


def get_context(context):
	from zgz_app.recognition.nominations import refresh_units_yet_to_nominate

	doc = context["doc"]
	refresh_units_yet_to_nominate(doc.name, doc=doc)
