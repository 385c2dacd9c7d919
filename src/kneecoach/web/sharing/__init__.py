"""Sharing a programme: the calendar feed, printable handouts, downloads in every format and
the read-only FHIR API."""
