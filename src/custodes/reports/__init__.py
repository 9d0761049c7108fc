"""The six-monthly report to the Security Council, generated from the log and verifiable from it."""
