"""The commands, one module per area, each with its own Typer ``app`` (made by
``options.command_group``). ``kneecoach.cli.loader`` imports a module only when one of its
commands is run or its help is asked for; the modules whose commands use the database import
the services at their top and are imported after Django is set up (``startup.configure``).

- ``onboarding``: ``init``; ``questions``: ``questions`` (no database)
- ``day``: ``today``, ``checkin``; ``log``: ``log`` (its guided session in ``guided``)
- ``overview``: ``plan``, ``progress``, ``explain``
- ``export``: ``export``; ``advise``: ``advise`` (no database, no Rich)
- ``maintenance``: ``migrate``, ``worker``, ``demo``
- ``camera``: ``analyse`` (kneecoach.motion's; no database)
- ``questionnaire``: ``questionnaire list|fill|scores``
- ``common``: what several of them share
"""
