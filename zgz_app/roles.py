"""The app's roles. Plain constants so that hooks, permissions and tests agree on the names."""

CAMPAIGN_MANAGER = "ZGZ Campaign Manager"  # 牵头科室: runs the campaign
LEADER = "ZGZ Leader"  # 领导小组 / 分管领导
SECTION_HEAD = "ZGZ Section Head"  # 科室负责人
STAFF = "ZGZ Staff"  # 工作人员
INSPECTOR = "ZGZ Inspector"  # 效能监督员

ALL_ROLES = (CAMPAIGN_MANAGER, LEADER, SECTION_HEAD, STAFF, INSPECTOR)

# Holders of these roles see every unit's records (inspectors inspect everyone); everyone else
# only the units they belong to.
UNRESTRICTED_ROLES = frozenset({"System Manager", "Administrator", CAMPAIGN_MANAGER, LEADER, INSPECTOR})
