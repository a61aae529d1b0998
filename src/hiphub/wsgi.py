import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiphub.settings")
application = get_wsgi_application()

# Read reference data once per worker before the first request arrives.
from hiphub.core import refdata  # noqa: E402

refdata.refresh()
