"""The public's channel (投诉举报): the rules for what a member of the public may file, the tracking
code and the CAPTCHA's sum. No Frappe here: the site code turns each problem into a translated message.
"""

import hashlib
import re
import secrets

MIN_DESCRIPTION = 10  # characters: "a complaint" needs at least what happened
MAX_DESCRIPTION = 2000
MAX_FILES = 3
MAX_FILE_MB = 5
# Photos and documents only: nothing a browser would run or a reader would open as a program.
ALLOWED_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "pdf", "doc", "docx"})
# A file is what its first bytes say, not what its name says (a renamed .exe is refused).
MAGIC = {
	"jpg": (b"\xff\xd8\xff",),
	"jpeg": (b"\xff\xd8\xff",),
	"png": (b"\x89PNG\r\n\x1a\n",),
	"pdf": (b"%PDF-",),
	"doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
	"docx": (b"PK\x03\x04",),
}
RATINGS = ("Satisfied", "Basically Satisfied", "Unsatisfied")
# The tracking code: 16 characters from an alphabet without look-alikes (0/O, 1/I/L), ~80 bits,
# shown in groups of four. Only its hash is stored, so not even a database reader can list codes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16

SCRIPT = re.compile(r"<\s*script|javascript\s*:|(?<![a-z])on[a-z]+\s*=|<\s*iframe", re.IGNORECASE)
LINK = re.compile(
	r"(https?|ftp)\s*:\s*/\s*/|www\s*\.\s*\S|\b[a-z0-9-]+\.(com|cn|net|org|info|top|xyz|cc)\b",
	re.IGNORECASE,
)


def text_problem(text: str | None) -> str | None:
	"""Why a description is refused (``empty``, ``short``, ``long``, ``script``, ``link``), or None."""
	text = (text or "").strip()
	if not text:
		return "empty"
	if SCRIPT.search(text):
		return "script"
	if LINK.search(text):
		return "link"
	if len(text) < MIN_DESCRIPTION:
		return "short"
	if len(text) > MAX_DESCRIPTION:
		return "long"
	return None


def short_field_problem(text: str | None, limit: int = 140) -> str | None:
	"""Why a short field (when, where, a name) is refused, or None."""
	text = (text or "").strip()
	if SCRIPT.search(text):
		return "script"
	if LINK.search(text):
		return "link"
	if len(text) > limit:
		return "long"
	return None


def extension(filename: str) -> str:
	return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def file_problem(filename: str, content: bytes, max_mb: int = MAX_FILE_MB) -> str | None:
	"""Why an attachment is refused (``type``, ``size``, ``content``), or None."""
	ext = extension(filename)
	if ext not in ALLOWED_EXTENSIONS:
		return "type"
	if len(content) > max_mb * 1024 * 1024:
		return "size"
	if not content.startswith(MAGIC[ext]):
		return "content"
	return None


def new_tracking_code() -> str:
	return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str | None) -> str:
	"""What the complainant typed, without spaces, dashes and case."""
	return re.sub(r"[\s\-]", "", (code or "")).upper()


def display_code(code: str) -> str:
	return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_hash(code: str) -> str:
	return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def new_sum() -> tuple[str, int]:
	"""A CAPTCHA question and its answer: a sum or a difference of two small numbers, never negative."""
	a, b = secrets.randbelow(40) + 10, secrets.randbelow(9) + 1
	if secrets.randbelow(2):
		return f"{a} + {b} = ?", a + b
	return f"{a} - {b} = ?", a - b


def answer_matches(expected: int | None, given: str | None) -> bool:
	try:
		return expected is not None and int(str(given).strip()) == int(expected)
	except (TypeError, ValueError):
		return False
