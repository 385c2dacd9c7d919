"""The coach's use cases, one module per thing a person (or a clinician) does.

Private to the coach app: other apps, the CLI, pages and APIs call them through
``kneecoach.web.coach.services``.
"""
