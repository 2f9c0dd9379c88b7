import os

SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', 'change-me')
INSTALLED_APPS = [
    'django.contrib.contenttypes',
    'django.contrib.auth',
    'corsheaders',
    'shop.orders',
]
MIDDLEWARE = [
    'corsheaders.middleware.CorsMiddleware',
    'django.middleware.security.SecurityMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
]
ROOT_URLCONF = 'shop.urls'

# The storefront and the back office call the API with the session cookie.
CORS_ALLOWED_ORIGINS = os.environ.get('SHOP_FRONTENDS', 'https://shop.example.com,https://admin.example.com').split(',')
CORS_ALLOW_CREDENTIALS = True
CORS_PREFLIGHT_MAX_AGE = 600
