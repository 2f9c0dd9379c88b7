import type { EngineView, ExchangeView, ResultView } from '../messages';
import { el, ms } from './dom';

const STAGE_TEXT = { preflight: 'preflight', response: 'response', request: 'before sending' } as const;

function mark(ok: boolean): HTMLElement {
  return el('span', { className: ok ? 'mark ok codicon codicon-pass' : 'mark bad codicon codicon-error', attrs: { role: 'img', 'aria-label': ok ? 'passes' : 'fails' } });
}

function engineRow(e: EngineView, isStandard: boolean): HTMLTableRowElement {
  const result = el('td', { className: e.allowed ? 'ok' : 'bad' }, mark(e.allowed), e.allowed ? ' allowed' : ' blocked');
  const name = el('th', { attrs: { scope: 'row' } }, e.label, e.departs && el('span', { className: 'departs', title: 'This engine departs from the Fetch standard here' }, ' ≠ standard'));
  const cache = e.cacheSeconds === undefined ? '' : `${e.cacheSeconds} s`;
  return el('tr', { className: isStandard ? 'standard' : undefined }, name, result, el('td', {}, e.stage ? STAGE_TEXT[e.stage] : '—'), el('td', { className: 'why' }, e.why), el('td', {}, cache));
}

function verdictTable(result: ResultView): HTMLTableElement {
  const head = el('tr', {}, ...['Engine', 'Result', 'Fails at', 'Why', 'Preflight cached'].map((h) => el('th', { attrs: { scope: 'col' } }, h)));
  const body = el('tbody', {}, ...result.engines.map((e) => engineRow(e, false)), engineRow(result.standard, true));
  return el('table', { className: 'verdict' }, el('caption', {}, 'What each browser does, beside the Fetch standard'), el('thead', {}, head), body);
}

function headerBlock(first: string, headers: [string, string][], hidden = 0): HTMLPreElement {
  const pre = el('pre', { className: 'raw' }, first, '\n');
  for (const [name, value] of headers) {
    const cors = /^access-control-|^vary$/i.test(name);
    pre.append(el('span', { className: cors ? 'cors-header' : undefined }, `${name}: ${value}`), '\n');
  }
  if (hidden > 0) pre.append(`… ${hidden} more header lines not shown\n`);
  return pre;
}

function exchangeBlock(title: string, ex: ExchangeView): HTMLElement {
  const timing = `answered in ${ms(ex.headersMs)}, complete in ${ms(ex.totalMs)}`;
  return el(
    'details',
    { className: 'exchange', attrs: { open: '' } },
    el('summary', {}, `${title}: ${ex.statusLine.replace(/^HTTP\/1\.1 /, '')} (${timing})`),
    el('h4', {}, 'Request'),
    headerBlock(ex.requestLine, ex.requestHeaders),
    el('h4', {}, 'Response'),
    headerBlock(ex.statusLine, ex.responseHeaders, ex.hiddenHeaders),
    ex.redirectTo !== undefined && el('p', { className: 'note' }, `Redirect to ${ex.redirectTo}: reported, not followed.`),
    ex.body !== '' && el('h4', {}, ex.bodyTruncated ? 'Body (first bytes)' : 'Body'),
    ex.body !== '' && el('pre', { className: 'raw body' }, ex.body),
  );
}

/** The verdict, the checks in order, and both raw exchanges. */
export function renderResult(result: ResultView): Node[] {
  const who = `${result.request.method} ${result.request.url} from ${result.request.origin}, credentials ${result.request.credentials ? 'included' : 'omitted'}`;
  const nodes: Node[] = [
    el('h2', { className: result.allowed ? 'summary ok' : 'summary bad', attrs: { id: 'verdict-summary' } }, mark(result.allowed), ` ${result.summary}`),
    el('p', { className: 'who' }, who, ` — ${ms(result.totalMs)} in all`),
    verdictTable(result),
    el('h3', {}, 'Checks'),
    el('ol', { className: 'steps' }, ...result.steps.map((s) => el('li', { className: s.ok ? 'ok' : 'bad' }, mark(s.ok), ' ', el('strong', {}, s.name), `: ${s.detail}`))),
    el('h3', {}, 'Exchanges'),
  ];
  if (result.preflight) nodes.push(exchangeBlock('Preflight', result.preflight));
  else nodes.push(el('p', { className: 'note' }, 'No preflight: a browser sends this request directly.'));
  if (result.actual) nodes.push(exchangeBlock('Request', result.actual));
  else if (result.actualSkipped) nodes.push(el('p', { className: 'note' }, result.actualSkipped));
  return nodes;
}
