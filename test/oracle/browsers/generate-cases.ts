import type { CredentialsMode, HeaderLine } from '../../../server/src/fetch/types';
import type { OracleCase, ResponseSpec } from './case-types';
import { generateRandomCases } from './random-cases';

/**
 * The generated agreement cases: families that each vary one part of the
 * exchange (the origin check, the credentials check, methods, headers, the
 * safelist, preflight status and redirects) over the values where engines and
 * the standard could part ways.
 */

const O = '{ORIGIN}';
const ACAO = (v: string): HeaderLine => ['Access-Control-Allow-Origin', v];
const ACAC = (v: string): HeaderLine => ['Access-Control-Allow-Credentials', v];
const ACAM = (v: string): HeaderLine => ['Access-Control-Allow-Methods', v];
const ACAH = (v: string): HeaderLine => ['Access-Control-Allow-Headers', v];
const ALLOW_ALL_ACTUAL: ResponseSpec = { status: 200, headers: [ACAO(O), ACAC('true')] };
const CREDS: CredentialsMode[] = ['omit', 'include'];

/** Values of `Access-Control-Allow-Origin` (as header lines: several lines are duplicates). */
const ORIGIN_VALUES: [string, HeaderLine[]][] = [
  ['absent', []],
  ['*', [ACAO('*')]],
  ['exact', [ACAO(O)]],
  ['other origin', [ACAO('http://evil.test')]],
  ['trailing slash', [ACAO(`${O}/`)]],
  ['null', [ACAO('null')]],
  ['two exact lines', [ACAO(O), ACAO(O)]],
  ['two * lines', [ACAO('*'), ACAO('*')]],
  ['exact and other', [ACAO(O), ACAO('http://evil.test')]],
  ['list in one line', [ACAO(`${O}, http://evil.test`)]],
  ['space separated', [ACAO(`${O} http://evil.test`)]],
  ['padded', [ACAO(`   ${O}   `)]],
  ['tab padded', [ACAO(`\t${O}\t`)]],
  ['without scheme', [ACAO(O.replace('{ORIGIN}', '127.0.0.1'))]],
  ['upper-case scheme', [ACAO('HTTP://127.0.0.1')]],
  ['empty', [ACAO('')]],
];

const CREDENTIAL_VALUES: [string, HeaderLine[]][] = [
  ['no ACAC', []],
  ['ACAC true', [ACAC('true')]],
  ['ACAC True', [ACAC('True')]],
  ['ACAC 1', [ACAC('1')]],
  ['ACAC false', [ACAC('false')]],
  ['ACAC true twice', [ACAC('true'), ACAC('true')]],
  ['ACAC padded', [ACAC('  true ')]],
];

function sameName(name: string, count: number, length: number): HeaderLine[] {
  return Array.from({ length: count }, (_, i): HeaderLine => [name, String.fromCharCode(97 + i).repeat(length)]);
}

export function generateCases(): OracleCase[] {
  const cases: Omit<OracleCase, 'id'>[] = [];
  const reject: ResponseSpec = { status: 404, headers: [] };

  // The CORS check on a response that needs no preflight.
  for (const [label, origin] of ORIGIN_VALUES) {
    cases.push({ label: `GET, ACAO ${label}`, method: 'GET', headers: [], credentials: 'omit', preflight: reject, actual: { status: 200, headers: origin } });
    for (const [clabel, cred] of CREDENTIAL_VALUES) {
      if (label !== 'exact' && label !== '*' && label !== 'padded' && clabel !== 'ACAC true') continue;
      cases.push({ label: `GET with credentials, ACAO ${label}, ${clabel}`, method: 'GET', headers: [], credentials: 'include', preflight: reject, actual: { status: 200, headers: [...origin, ...cred] } });
    }
  }
  for (const status of [201, 204, 301, 304, 404, 500]) {
    cases.push({ label: `GET, status ${status}, ACAO *`, method: 'GET', headers: [], credentials: 'omit', preflight: reject, actual: { status, headers: [ACAO('*')] } });
  }
  cases.push({ label: 'POST form, ACAO exact', method: 'POST', headers: [['Content-Type', 'application/x-www-form-urlencoded']], credentials: 'omit', preflight: reject, actual: { status: 200, headers: [ACAO(O)] } });

  // Methods against Access-Control-Allow-Methods.
  const methods = ['PUT', 'DELETE', 'PATCH', 'patch', 'FOO', 'put'];
  const methodLists: [string, HeaderLine[]][] = [
    ['absent', []],
    ['PUT', [ACAM('PUT')]],
    ['PATCH', [ACAM('PATCH')]],
    ['patch', [ACAM('patch')]],
    ['put', [ACAM('put')]],
    ['*', [ACAM('*')]],
    ['GET, POST', [ACAM('GET, POST')]],
    ['padded list', [ACAM('  GET ,  PUT , DELETE,PATCH , FOO  ')]],
    ['two lines', [ACAM('GET'), ACAM('PUT, DELETE, PATCH, FOO')]],
    ['empty items', [ACAM(',,PUT,,DELETE,PATCH,,FOO,')]],
    ['invalid token', [ACAM('PUT, DELETE, PATCH, FOO, GET/POST')]],
    ['*, PUT', [ACAM('*, PUT')]],
  ];
  for (const method of methods) {
    for (const [label, list] of methodLists) {
      for (const credentials of CREDS) {
        if (credentials === 'include' && !['*', 'PUT', 'absent', '*, PUT'].includes(label)) continue;
        const preflight: ResponseSpec = { status: 204, headers: [ACAO(O), ACAC('true'), ...list] };
        cases.push({ label: `${method}, ACAM ${label}, ${credentials}`, method, headers: [], credentials, preflight, actual: ALLOW_ALL_ACTUAL });
      }
    }
  }

  // Request headers against Access-Control-Allow-Headers.
  const headerSets: [string, HeaderLine[]][] = [
    ['X-Token', [['X-Token', 'a']]],
    ['Authorization', [['Authorization', 'Bearer t']]],
    ['JSON Content-Type', [['Content-Type', 'application/json']]],
    ['X-Token and X-Other', [['X-Token', 'a'], ['X-Other', 'b']]],
  ];
  const headerLists: [string, HeaderLine[]][] = [
    ['absent', []],
    ['exact', [ACAH('x-token, x-other, authorization, content-type')]],
    ['upper case', [ACAH('X-TOKEN, X-OTHER, AUTHORIZATION, CONTENT-TYPE')]],
    ['*', [ACAH('*')]],
    ['*, Authorization', [ACAH('*, Authorization')]],
    ['x-token only', [ACAH('x-token')]],
    ['two lines', [ACAH('x-token'), ACAH('x-other, authorization, content-type')]],
    ['invalid token', [ACAH('x-token, x-other, authorization, content-type, x(y)')]],
    ['padded', [ACAH('  x-token ,x-other  , authorization,content-type ')]],
  ];
  for (const [hlabel, headers] of headerSets) {
    for (const [label, list] of headerLists) {
      for (const credentials of CREDS) {
        if (credentials === 'include' && !['*', 'exact', '*, Authorization'].includes(label)) continue;
        const preflight: ResponseSpec = { status: 200, headers: [ACAO(O), ACAC('true'), ACAM('PUT'), ...list] };
        cases.push({ label: `PUT ${hlabel}, ACAH ${label}, ${credentials}`, method: 'PUT', headers, credentials, preflight, actual: ALLOW_ALL_ACTUAL });
      }
    }
  }

  // The preflight response itself: status, redirects and its own origin check.
  const full = [ACAM('PUT'), ACAH('x-token')];
  for (const status of [200, 201, 204, 299, 300, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 500, 503]) {
    const redirect = [301, 302, 303, 307, 308].includes(status);
    for (const credentials of CREDS) {
      cases.push({ label: `PUT, preflight ${status}${redirect ? ' redirect' : ''}, ${credentials}`, method: 'PUT', headers: [['X-Token', 'a']], credentials, preflight: { status, headers: [ACAO(O), ACAC('true'), ...full], redirect }, actual: ALLOW_ALL_ACTUAL });
    }
  }
  cases.push({ label: 'PUT, preflight 404 without ACAO', method: 'PUT', headers: [], credentials: 'omit', preflight: { status: 404, headers: [] }, actual: ALLOW_ALL_ACTUAL });
  cases.push({ label: 'PUT, preflight 302 without ACAO', method: 'PUT', headers: [], credentials: 'omit', preflight: { status: 302, headers: [], redirect: true }, actual: ALLOW_ALL_ACTUAL });
  for (const [label, origin] of ORIGIN_VALUES) {
    for (const credentials of CREDS) {
      for (const [clabel, cred] of credentials === 'include' ? CREDENTIAL_VALUES.slice(0, 3) : [['', []] as [string, HeaderLine[]]]) {
        cases.push({ label: `PUT, preflight ACAO ${label}, ${credentials} ${clabel}`, method: 'PUT', headers: [], credentials, preflight: { status: 204, headers: [...origin, ...cred, ACAM('PUT')] }, actual: ALLOW_ALL_ACTUAL });
      }
    }
  }
  cases.push({ label: 'PUT, preflight passes, response without ACAO', method: 'PUT', headers: [], credentials: 'omit', preflight: { status: 204, headers: [ACAO(O), ACAM('PUT')] }, actual: { status: 200, headers: [] } });
  cases.push({ label: 'PUT, preflight passes, response ACAO twice', method: 'PUT', headers: [], credentials: 'omit', preflight: { status: 204, headers: [ACAO(O), ACAM('PUT')] }, actual: { status: 200, headers: [ACAO(O), ACAO(O)] } });
  cases.push({ label: 'PUT credentials, preflight passes, response without ACAC', method: 'PUT', headers: [], credentials: 'include', preflight: { status: 204, headers: [ACAO(O), ACAC('true'), ACAM('PUT')] }, actual: { status: 200, headers: [ACAO(O)] } });

  // The safelist: a preflight here is refused, so the request passes only when the engine sends none.
  const safelist: [string, HeaderLine[]][] = [
    ['Accept of 128 bytes', [['Accept', 'a'.repeat(128)]]],
    ['Accept of 129 bytes', [['Accept', 'a'.repeat(129)]]],
    ['Accept with a colon', [['Accept', 'text/html:x']]],
    ['Accept with a brace', [['Accept', 'text/{html}']]],
    ['Accept-Language plain', [['Accept-Language', 'en-GB,en;q=0.9']]],
    ['Accept-Language with a slash', [['Accept-Language', 'en/GB']]],
    ['Content-Language with an underscore', [['Content-Language', 'en_GB']]],
    ['Content-Type text/plain', [['Content-Type', 'text/plain']]],
    ['Content-Type TEXT/PLAIN with charset', [['Content-Type', 'TEXT/PLAIN; charset=utf-8']]],
    ['Content-Type multipart', [['Content-Type', 'multipart/form-data; boundary=x']]],
    ['Content-Type JSON', [['Content-Type', 'application/json']]],
    ['Content-Type text/plain with a long parameter', [['Content-Type', `text/plain; x=${'a'.repeat(120)}`]]],
    ['Content-Type with an unsafe byte', [['Content-Type', 'text/plain; x="y"']]],
    ['Content-Type without subtype', [['Content-Type', 'text']]],
    ['Range bytes=0-99', [['Range', 'bytes=0-99']]],
    ['Range bytes=100-', [['Range', 'bytes=100-']]],
    ['Range bytes=-100', [['Range', 'bytes=-100']]],
    ['Range two ranges', [['Range', 'bytes=0-1,5-6']]],
    ['Range reversed', [['Range', 'bytes=9-1']]],
    ['X-Requested-With', [['X-Requested-With', 'XMLHttpRequest']]],
    ['Cookie (forbidden, dropped)', [['Cookie', 'a=b']]],
    ['Sec-Foo (forbidden, dropped)', [['Sec-Foo', '1']]],
    ['Proxy-Foo (forbidden, dropped)', [['Proxy-Foo', '1']]],
    ['X-HTTP-Method-Override TRACE (dropped)', [['X-HTTP-Method-Override', 'TRACE']]],
    ['X-HTTP-Method-Override PUT', [['X-HTTP-Method-Override', 'PUT']]],
    ['safelisted values of 1024 bytes', [...sameName('Accept', 5, 128), ['Accept-Language', 'b'.repeat(128)], ['Content-Language', 'c'.repeat(128)], ['Content-Type', `text/plain;${'d'.repeat(117)}`]]],
    ['safelisted values of 1025 bytes', [...sameName('Accept', 5, 128), ['Accept', 'z'], ['Accept-Language', 'b'.repeat(128)], ['Content-Language', 'c'.repeat(128)], ['Content-Type', `text/plain;${'d'.repeat(117)}`]]],
    ['two Accept values of 100 bytes', sameName('Accept', 2, 100)],
    ['two Accept values of 60 bytes', sameName('Accept', 2, 60)],
    ['X-Token twice', [['X-Token', 'a'], ['x-token', 'b']]],
    ['DPR client hint', [['DPR', '2']]],
    ['DPR 1.5', [['DPR', '1.5']]],
    ['DPR not a number', [['DPR', 'abc']]],
    ['Save-Data on', [['Save-Data', 'on']]],
    ['Save-Data off', [['Save-Data', 'off']]],
    ['Viewport-Width', [['Viewport-Width', '800']]],
    ['Width', [['Width', '640']]],
    ['Device-Memory', [['Device-Memory', '8']]],
    ['RTT', [['RTT', '50']]],
    ['Downlink', [['Downlink', '10']]],
    ['ECT', [['ECT', '4g']]],
    ['ECT not a type', [['ECT', '9g']]],
  ];
  for (const [label, headers] of safelist) {
    for (const method of ['GET', 'POST']) {
      cases.push({ label: `${method} ${label}`, method, headers, credentials: 'omit', preflight: reject, actual: { status: 200, headers: [ACAO('*')] } });
    }
  }
  // The preflight cache: the same request twice; a second OPTIONS means the first answer was not kept.
  const maxAges: [string, HeaderLine[]][] = [
    ['absent', []],
    ['0', [['Access-Control-Max-Age', '0']]],
    ['60', [['Access-Control-Max-Age', '60']]],
    ['100000', [['Access-Control-Max-Age', '100000']]],
    ['-1', [['Access-Control-Max-Age', '-1']]],
    ['not a number', [['Access-Control-Max-Age', 'soon']]],
    ['two lines', [['Access-Control-Max-Age', '60'], ['Access-Control-Max-Age', '60']]],
  ];
  for (const [label, maxAge] of maxAges) {
    for (const credentials of CREDS) {
      const preflight: ResponseSpec = { status: 204, headers: [ACAO(O), ACAC('true'), ACAM('PUT'), ...maxAge] };
      cases.push({ label: `PUT twice, Max-Age ${label}, ${credentials}`, method: 'PUT', headers: [], credentials, preflight, actual: ALLOW_ALL_ACTUAL, repeat: true });
    }
  }
  // A redirected response: the browser checks CORS on the redirect itself before following it.
  for (const status of [301, 302, 303, 307, 308]) {
    cases.push({ label: `GET, response ${status} redirect, ACAO *`, method: 'GET', headers: [], credentials: 'omit', preflight: reject, actual: { status, headers: [ACAO('*')], redirect: true } });
    cases.push({ label: `GET, response ${status} redirect, no ACAO`, method: 'GET', headers: [], credentials: 'omit', preflight: reject, actual: { status, headers: [], redirect: true } });
  }
  cases.push({ label: 'GET with credentials, response 302 redirect, exact and ACAC', method: 'GET', headers: [], credentials: 'include', preflight: reject, actual: { status: 302, headers: [ACAO(O), ACAC('true')], redirect: true } });
  cases.push({ label: 'GET with credentials, response 302 redirect, *', method: 'GET', headers: [], credentials: 'include', preflight: reject, actual: { status: 302, headers: [ACAO('*'), ACAC('true')], redirect: true } });
  cases.push({ label: 'PUT, preflight passes, response 307 redirect, exact', method: 'PUT', headers: [], credentials: 'omit', preflight: { status: 204, headers: [ACAO(O), ACAM('PUT')] }, actual: { status: 307, headers: [ACAO(O)], redirect: true } });

  // From an opaque origin (a sandboxed iframe): Origin: null.
  const nullOrigin: [string, HeaderLine[]][] = [
    ['null', [ACAO('null')]],
    ['*', [ACAO('*')]],
    ['the page origin', [ACAO(O)]],
    ['absent', []],
    ['null twice', [ACAO('null'), ACAO('null')]],
  ];
  for (const [label, origin] of nullOrigin) {
    for (const credentials of CREDS) {
      cases.push({ label: `null origin GET, ACAO ${label}, ${credentials}`, method: 'GET', headers: [], credentials, preflight: reject, actual: { status: 200, headers: [...origin, ACAC('true')] }, nullOrigin: true });
      cases.push({ label: `null origin PUT, preflight ACAO ${label}, ${credentials}`, method: 'PUT', headers: [], credentials, preflight: { status: 204, headers: [...origin, ACAC('true'), ACAM('PUT')] }, actual: { status: 200, headers: [ACAO('null'), ACAC('true')] }, nullOrigin: true });
    }
  }
  cases.push(...generateRandomCases(200), ...generateRandomCases(300, 7));
  return cases.map((c, i) => ({ id: `c${String(i).padStart(3, '0')}`, ...c }));
}
