"""The sharing app's use cases, one module per area; ``sharing.services`` re-exports them.

- ``feed``: the subscribable calendar feed (its token, each event's SEQUENCE) and the
  iCalendar it serves;
- ``handouts``: the programme and the library's exercises on paper (PDF);
- ``downloads``: the person's data in one format (ics, pdf, fhir, csv, json), the FHIR bundle,
  and the clinic's copy of a patient's files (under the clinic's rule and audit).

The formats themselves are pure functions in ``kneecoach.exports``; these modules load what they
need (through the coach's and the outcomes' public interfaces), word it in the person's language
and keep the little state the calendar feed needs. Same rules as the coach's use cases
(``coach/usecases/``): plain values in and out, the clock passed in, no transactions opened
here, refusals as ``KneecoachError``.
"""
