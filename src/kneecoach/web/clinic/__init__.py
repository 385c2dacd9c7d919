"""The clinic side: clinics, clinicians, consent, the patient overview with stored flags, a
patient's page with programme edits (the engine's overrides), notes and the audit log."""
