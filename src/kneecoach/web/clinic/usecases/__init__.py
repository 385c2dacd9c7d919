"""The clinic's use cases, one module per area; ``clinic.services`` re-exports the public ones.

Rules of these modules, besides the coach's:

- Every function that touches a patient's data takes the acting user first and goes through
  ``access.patient_of``: a clinician sees a patient only while the patient's consent to the
  clinician's own clinic is active. Anything else (another clinic, a revoked consent, a
  patient, a stranger) is ``NotFound``, never "forbidden", so nothing confirms a person exists.
- Every read or change of a patient's data by a clinician writes an ``AuditEvent``
  (``access.record_audit``).
- Programme edits are the engine's overrides (``coach.services.save_override``): the replay
  stays the one truth. ``changes.preview_change`` runs the engine with the proposed override
  without saving it.
- No clock: ``now`` / ``today`` are parameters.
"""
