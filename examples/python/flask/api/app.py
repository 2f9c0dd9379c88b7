from flask import Flask, jsonify, request
from flask_cors import CORS, cross_origin

from .origins import TRUSTED

app = Flask(__name__)

# The API proper: an imported allowlist with credentials.
CORS(app, resources={r'/api/.*': {'origins': TRUSTED}}, supports_credentials=True, max_age=600)


@app.route('/api/me')
def me():
    return jsonify(user='someone')


# A public, read-only feed: `*` without credentials.
@app.route('/feed')
@cross_origin(origins='*', send_wildcard=True)
def feed():
    return jsonify(items=[])


# Partner widgets: the pattern has no `$`, and flask-cors only anchors it at the start.
@app.route('/widgets')
@cross_origin(origins=[r'https://widgets\.partner\.com'], supports_credentials=True)
def widgets():
    return jsonify(widgets=[])


# A legacy endpoint with hand-written headers: the Origin echoed with credentials, no `Vary: Origin`.
@app.route('/legacy/profile')
def legacy_profile():
    response = jsonify(user='someone')
    response.headers['Access-Control-Allow-Origin'] = request.headers.get('Origin', '')
    response.headers['Access-Control-Allow-Credentials'] = 'true'
    return response
