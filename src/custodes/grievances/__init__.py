"""Participation: grievances and objections from anyone, with deadlines, a public status and co-signatures."""
