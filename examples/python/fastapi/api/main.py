from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from .settings import FRONTENDS

app = FastAPI()
# The web app sends its session cookie and a bearer token: an explicit list of origins, methods and headers.
app.add_middleware(
    CORSMiddleware,
    allow_origins=FRONTENDS,
    allow_credentials=True,
    allow_methods=['GET', 'POST', 'PUT', 'DELETE'],
    allow_headers=['Authorization', 'Content-Type'],
    max_age=600,
)


@app.get('/orders')
async def orders():
    return []
