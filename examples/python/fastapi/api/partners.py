from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route


async def stock(request):
    return JSONResponse({'items': []})


# Two regional partner portals; fullmatch anchors the pattern, so it needs no ^ or $.
partners = Starlette(
    routes=[Route('/stock', stock)],
    middleware=[Middleware(CORSMiddleware, allow_origin_regex=r'https://(eu|us)\.partners\.example\.com', allow_methods=['GET'])],
)

# "Temporarily" opened for a demo: with credentials Starlette echoes every Origin.
demo = Starlette(
    routes=[Route('/stock', stock)],
    middleware=[Middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True, max_age=86400)],
)
