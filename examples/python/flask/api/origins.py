import os

# The frontends that may call the API with cookies, from the environment with a default for development.
TRUSTED = [o.strip() for o in os.environ.get('FRONTEND_ORIGINS', 'https://app.example.com,https://admin.example.com').split(',') if o]
