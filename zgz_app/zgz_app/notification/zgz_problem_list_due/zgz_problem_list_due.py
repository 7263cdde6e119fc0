"""Context for the standard Notification of the same name (its message is the .html beside it)."""


def get_context(context):
	pass
