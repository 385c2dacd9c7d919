"""The outcomes app's use cases, one module per area; ``outcomes.services`` re-exports them.

- ``wording``: a questionnaire as the person reads it (the clinic's licensed wording where
  loaded) and the start-up check of the wording files;
- ``answers``: filling one in, the person's responses, and the observers told of a change;
- ``schedule``: a clinician's schedule, what is due, the scores over time, the FHIR export's input.

Same rules as the coach's use cases (``coach/usecases/``): plain values in and out, ``today``
a parameter, no transactions opened here, every refusal a ``KneecoachError`` naming the field.

A clinic's own pages call ``outcomes_for_profile`` (a patient's scores and schedule) and
``set_schedule`` (change the weeks or the knee form); neither checks who asks: the caller does.
The Today page asks ``due_notice``; the clinic's flags observe ``OUTCOME_OBSERVERS``.
"""
