"""Small validation rules shared by the controllers."""

from collections.abc import Iterable, Mapping

LEADER = "Leader"  # 组长
DEPUTY_LEADER = "Deputy Leader"  # 副组长
MEMBER = "Member"  # 成员
GROUP_ROLES = (LEADER, DEPUTY_LEADER, MEMBER)


def leader_count(group_roles: Iterable[str | None]) -> int:
	return sum(1 for role in group_roles if role == LEADER)


def sort_leading_group(rows: Iterable[Mapping], key: str = "group_role") -> list:
	"""The order of the paper list: 组长, then 副组长, then 成员; the entered order within each."""
	rank = {role: i for i, role in enumerate(GROUP_ROLES)}
	return sorted(rows, key=lambda row: rank.get(row.get(key), len(GROUP_ROLES)))


def creates_cycle(node: str, new_parent: str | None, parent_of: Mapping[str, str | None]) -> bool:
	"""Whether making ``new_parent`` the parent of ``node`` would make a unit its own ancestor."""
	seen = set()
	current = new_parent
	while current:
		if current == node:
			return True
		if current in seen:  # an existing loop elsewhere: not ours to report here
			return False
		seen.add(current)
		current = parent_of.get(current)
	return False


def duplicates(values: Iterable[str | None]) -> list[str]:
	"""Values that occur more than once, in the order of their second occurrence."""
	seen: set[str] = set()
	dups: list[str] = []
	for value in values:
		if not value:
			continue
		if value in seen and value not in dups:
			dups.append(value)
		seen.add(value)
	return dups
