"""WSGI entry point, e.g. `gunicorn otverkosto.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otverkosto.settings")

application = get_wsgi_application()
