import * as assert from 'node:assert/strict';
import { predict } from '../../../server/src/model/predict';
import { ALLOWED, http, policiesOf, policy } from './nginx-support';

describe('nginx model: proxied locations', function () {
  const ps = policiesOf(http(`server { listen 80;
    proxy_hide_header Access-Control-Allow-Origin;
    location /api/ { add_header Access-Control-Allow-Origin $http_origin always; proxy_pass http://backend; }
    location /own/ { proxy_hide_header X-Powered-By; proxy_pass http://backend; }
    location /php/ { fastcgi_pass unix:/run/php.sock; }
    location /if/ { if ($http_origin) { add_header Vary Origin always; } proxy_pass http://backend; }
  }`));

  it('marks upstream branches with the inherited hide list', function () {
    const b = policy(ps, 'location /api/').branches[0];
    assert.equal(b.status.kind, 'upstream');
    assert.deepEqual(b.passesUpstreamHeaders?.hidden, ['Access-Control-Allow-Origin']);
    assert.deepEqual(policy(ps, 'location /own/').branches[0].passesUpstreamHeaders?.hidden, ['X-Powered-By'], 'a level with its own list replaces the outer one');
    assert.deepEqual(policy(ps, 'location /php/').branches[0].passesUpstreamHeaders?.hidden, []);
  });

  it('an if inside a proxied location still proxies', function () {
    const r = predict(policy(ps, 'location /if/'), { method: 'GET', origin: ALLOWED });
    assert.equal(r.status, 'upstream');
    assert.deepEqual(r.headers, [['Vary', 'Origin']]);
  });
});
