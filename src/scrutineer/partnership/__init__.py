"""The partnership and its people: agencies, roles, priorities, sub-groups, and who may see what."""
