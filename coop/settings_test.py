"""Settings for the test suite: the real settings with fast hashing and immediate tasks."""

import base64
import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-use-0123456789abcdef")
# A fresh ballot key-encryption key for each run (inherited by the servers tests start).
os.environ.setdefault("CYD_BALLOT_KEY", base64.urlsafe_b64encode(os.urandom(32)).decode())
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("MEDIA_ROOT", "/tmp/cyd-test-media")  # noqa: S108

from coop.settings import *  # noqa: F403
from coop.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
