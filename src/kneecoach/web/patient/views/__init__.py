"""The patient's pages, one module per area: ``onboarding`` (the wizard and the re-screening),
``today`` (a day's session: sets, pain after, the morning check-in; its exercise cards are
rendered in ``cards``) and ``account`` (settings). Thin: a form, one use case, then a template
or a redirect.

Every page renders a value from ``patient.pages`` that its JSON twin (``patient.api``) returns.
Forms that show a KneecoachError beside a field render the page again and then call
``roll_back_request()`` (``common.rolled_back``), so the failed request saves nothing; rolling back
first would leave the transaction unusable for the queries that render the page.
"""
