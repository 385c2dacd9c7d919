"""WSGI entry point: ``gunicorn kneecoach.web.wsgi`` (or any WSGI server)."""

from django.core.handlers.wsgi import WSGIHandler

from kneecoach.web import setup

setup()
application = WSGIHandler()
