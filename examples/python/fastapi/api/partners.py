from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route


async def stock(request):
    return JSONResponse({'items': []})


# Partners each have a subdomain; fullmatch anchors the pattern, so only the breadth of `.*` is a concern.
partners = Starlette(
    routes=[Route('/stock', stock)],
    middleware=[Middleware(CORSMiddleware, allow_origin_regex=r'https://.*\.partners\.example\.com', allow_methods=['GET'])],
)

# "Temporarily" opened for a demo: with credentials Starlette echoes every Origin.
demo = Starlette(
    routes=[Route('/stock', stock)],
    middleware=[Middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True, max_age=86400)],
)
