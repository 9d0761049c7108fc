"""The Board of Peace: members and roles, decisions, funding, reports owed to the Security Council."""
