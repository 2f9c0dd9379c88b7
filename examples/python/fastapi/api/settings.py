import os

FRONTENDS = [o.strip() for o in os.environ.get('FRONTENDS', 'https://app.example.com').split(',')]
