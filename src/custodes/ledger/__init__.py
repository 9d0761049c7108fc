"""The verifiable log: the journal's entries, their sequencing, and (in the ledger modules) Merkle tiles."""
