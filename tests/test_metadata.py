"""The app's metadata is consistent: what one file names, another defines."""

import json

import pytest

from tests import appmeta
from zgz_app.roles import ALL_ROLES

DOCTYPES = appmeta.doctypes()
LINK_TYPES = {"Link", "Table", "Table MultiSelect"}


def test_every_doctype_is_prefixed_and_in_the_module():
	assert DOCTYPES, "no DocTypes found"
	for name, dt in DOCTYPES.items():
		assert name.startswith("ZGZ "), name
		assert dt["module"] == "ZGZ App", name
		assert dt["_path"].parent.name == appmeta.scrub(name), name


def test_modules_txt_names_the_module_folder():
	assert (appmeta.APP / "modules.txt").read_text().split() == ["ZGZ", "App"]
	assert appmeta.MODULE.is_dir()


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_fields_are_unique_and_ordered(name):
	dt = DOCTYPES[name]
	fieldnames = [f["fieldname"] for f in dt["fields"]]
	assert len(fieldnames) == len(set(fieldnames)), name
	assert dt["field_order"] == fieldnames, name


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_links_point_at_existing_doctypes(name):
	for field in DOCTYPES[name]["fields"]:
		if field["fieldtype"] in LINK_TYPES:
			target = field.get("options")
			assert target in DOCTYPES or target in appmeta.FRAPPE_DOCTYPES, (name, field["fieldname"], target)
		if field["fieldtype"] in ("Table", "Table MultiSelect"):
			child = DOCTYPES[field["options"]]
			assert child.get("istable") == 1, (name, field["fieldname"])
		if field["fieldtype"] == "Table MultiSelect":
			links = [f for f in DOCTYPES[field["options"]]["fields"] if f["fieldtype"] == "Link"]
			assert len(links) == 1, (name, field["fieldname"])
		if field.get("fetch_from"):
			link_field, _ = field["fetch_from"].split(".")
			assert link_field in {f["fieldname"] for f in DOCTYPES[name]["fields"]}, (
				name,
				field["fieldname"],
			)


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_permissions_name_shipped_roles(name):
	dt = DOCTYPES[name]
	if dt.get("istable"):
		assert dt["permissions"] == []
		return
	assert dt["permissions"], name
	for perm in dt["permissions"]:
		assert perm["role"] in {*ALL_ROLES, "System Manager"}, (name, perm["role"])


def test_unit_links_on_shared_records_ignore_user_permissions():
	"""A campaign is read by every unit: its unit links must not hide it from other units."""
	for name in ("ZGZ Campaign", "ZGZ Campaign Unit", "ZGZ Key Task", "ZGZ Key Task Unit"):
		for field in DOCTYPES[name]["fields"]:
			if field["fieldtype"] == "Link" and field["options"] == "ZGZ Unit":
				assert field.get("ignore_user_permissions") == 1, (name, field["fieldname"])


def test_unit_owned_records_are_filtered_by_unit():
	field = next(f for f in DOCTYPES["ZGZ Work Summary"]["fields"] if f["fieldname"] == "unit")
	assert not field.get("ignore_user_permissions")


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_every_doctype_has_its_controller(name):
	path = DOCTYPES[name]["_path"].with_suffix(".py")
	assert path.exists(), path
	assert f"class {name.replace(' ', '')}(" in path.read_text()


def test_role_fixtures_are_the_app_roles():
	assert sorted(r["name"] for r in appmeta.fixture("role")) == sorted(ALL_ROLES)


def test_hook_paths_resolve():
	paths = appmeta.hook_paths()
	assert "zgz_app.tasks.daily" in paths
	for path in paths:
		assert appmeta.resolve(path), path


def test_print_formats_are_standard_and_have_templates():
	formats = appmeta.print_formats()
	assert "附件1 领导小组" in formats
	for name, pf in formats.items():
		assert pf["standard"] == "Yes" and pf["custom_format"] == 1, name
		assert pf["doc_type"] in DOCTYPES, name
		template = pf["_path"].with_suffix(".html")
		assert template.exists(), template
		assert pf["_path"].parent.name == appmeta.scrub(name)


def test_json_files_are_valid_and_utf8():
	for path in appmeta.APP.rglob("*.json"):
		json.loads(path.read_text(encoding="utf-8"))


def test_sources_in_core_are_the_select_options():
	# core.plan_rows.SOURCES (import, reports) and the two Select fields must name the same sources
	from zgz_app.core.plan_rows import SOURCES

	for doctype in ("ZGZ Plan Row", "ZGZ Problem Item"):
		field = next(f for f in appmeta.doctypes()[doctype]["fields"] if f["fieldname"] == "source")
		assert field["options"].split("\n") == list(SOURCES), doctype


# What the app keeps, nobody writes (zgz_app/integrity.py): the workflow guards its state field and
# amendment its amended_from; every other read-only field is at a permlevel no role may write.
LAYOUT_TYPES = {"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Heading", "Fold"}
GUARDED_ELSEWHERE = {"workflow_state", "amended_from"}
STATE_FIELDS = {"ZGZ Problem Item": "status"}


def parent_of(child: str) -> str:
	return next(
		name
		for name, dt in DOCTYPES.items()
		if any(f.get("options") == child and f["fieldtype"] in LINK_TYPES for f in dt["fields"])
	)


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_read_only_fields_are_kept_at_a_higher_permlevel(name):
	guarded = GUARDED_ELSEWHERE | {STATE_FIELDS.get(name, "workflow_state")}
	for field in DOCTYPES[name]["fields"]:
		if not field.get("read_only") or field["fieldtype"] in LAYOUT_TYPES:
			continue
		if field["fieldname"] in guarded:
			assert not field.get("permlevel"), (name, field["fieldname"], "guarded by the workflow")
			if field["fieldname"] == "amended_from":
				assert field.get("set_only_once"), (name, "amended_from must be set only once")
		else:
			assert field.get("permlevel", 0) >= 1, (name, field["fieldname"], "read-only but writable")


# A level kept from most readers on purpose: a public complainant's identity is read by the lead office
# only, never by the unit complained about (seed 003: complainants are protected).
CONFIDENTIAL_LEVELS = {"ZGZ Complaint": (2, {"System Manager", "ZGZ Campaign Manager"})}


def test_confidential_levels_are_read_by_the_lead_office_only():
	for name, (level, roles) in CONFIDENTIAL_LEVELS.items():
		perms = [p for p in DOCTYPES[name]["permissions"] if p.get("permlevel") == level]
		assert {p["role"] for p in perms if p.get("read")} == roles, name
		assert not [p for p in perms if p.get("write")], name
		fields = {f["fieldname"] for f in DOCTYPES[name]["fields"] if f.get("permlevel") == level}
		assert fields == {"complainant", "tracking_hash"}, name


def test_the_complainant_is_read_by_the_lead_office_only_and_written_by_nobody():
	# a record of its own (not fields on the complaint): Frappe refuses a query that touches it outright
	perms = DOCTYPES["ZGZ Complainant"]["permissions"]
	assert {p["role"] for p in perms if p.get("read")} == {"System Manager", "ZGZ Campaign Manager"}
	assert not [p for p in perms if p.get("write") or p.get("create") or p.get("delete")]
	fields = {f["fieldname"] for f in DOCTYPES["ZGZ Complainant"]["fields"]}
	assert {"full_name", "phone", "email", "keep_confidential", "client_ip"} <= fields


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_nobody_writes_the_higher_permlevels_and_every_reader_reads_them(name):
	dt = DOCTYPES[name]
	levels = {f.get("permlevel", 0) for f in dt["fields"]} - {0}
	if name in CONFIDENTIAL_LEVELS:
		levels.discard(CONFIDENTIAL_LEVELS[name][0])
	perms = DOCTYPES[parent_of(name)]["permissions"] if dt.get("istable") else dt["permissions"]
	readers = {p["role"] for p in perms if not p.get("permlevel") and p.get("read")}
	for level in levels:
		at_level = [p for p in perms if p.get("permlevel") == level]
		assert not [p["role"] for p in at_level if p.get("write")], (name, level, "a role may write it")
		assert readers <= {p["role"] for p in at_level if p.get("read")}, (
			name,
			level,
			"hidden from a reader",
		)
