"""Use cases: each public function owns its transaction (reporting, casework, check-ins, follow-ups, documents, evidence, invites)."""
