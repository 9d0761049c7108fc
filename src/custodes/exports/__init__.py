"""File exports shared by the domains (the XLSX writer; the CSV formula guard is custodes.csvguard)."""
