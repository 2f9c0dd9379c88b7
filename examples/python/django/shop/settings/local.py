from .base import *  # noqa: F401,F403

DEBUG = True
# Convenient on a laptop, but with the credentials from base.py every site can read the API as the user.
CORS_ALLOW_ALL_ORIGINS = True
