import type { HistoryEntry, ProbeRowView } from '../messages';
import { el } from './dom';

const ACCESS_TEXT = { credentialed: 'reads with cookies', read: 'reads without cookies', none: 'refused' } as const;

/** The table the probe rows go into as they arrive. */
export function probeTable(url: string, total: number): { section: Node[]; body: HTMLTableSectionElement; progress: HTMLProgressElement; summary: HTMLParagraphElement } {
  const body = el('tbody', {});
  const progress = el('progress', { attrs: { max: String(total), value: '0', 'aria-label': 'Probes done' } });
  const summary = el('p', { className: 'who', attrs: { id: 'probe-summary' } }, `0 of ${total} probes`);
  const head = el('tr', {}, ...['Origin', 'Trick', 'Access', 'Rule it proves', 'Details'].map((h) => el('th', { attrs: { scope: 'col' } }, h)));
  const section = [el('h2', {}, `Origin probes against ${url}`), progress, summary, el('table', { className: 'probes' }, el('thead', {}, head), body)];
  return { section, body, progress, summary };
}

export function probeRow(row: ProbeRowView): HTMLTableRowElement {
  const access = row.error ? `error` : ACCESS_TEXT[row.access];
  const details = row.error ?? row.message ?? row.note ?? (row.allowOrigin !== undefined ? `Access-Control-Allow-Origin: ${row.allowOrigin}` : row.status !== undefined ? `status ${row.status}, no Access-Control-Allow-Origin` : '');
  return el(
    'tr',
    { className: row.ruleId ? `finding ${row.severity}` : undefined },
    el('td', { className: 'origin' }, row.origin),
    el('td', {}, row.kind),
    el('td', { className: row.access === 'none' && !row.error ? 'ok' : row.ruleId ? 'bad' : undefined }, access),
    el('td', {}, row.ruleId ? `${row.ruleId} (${row.severity})` : '—'),
    el('td', { className: 'why' }, details),
  );
}

/** Recent requests; choosing one fills the form with it. */
export function historyList(entries: HistoryEntry[], choose: (entry: HistoryEntry) => void, clear: () => void): Node[] {
  if (entries.length === 0) return [];
  const items = entries.map((entry) => {
    const button = el('button', { className: 'link', attrs: { type: 'button' } }, `${entry.form.method} ${entry.form.url}`);
    button.addEventListener('click', () => choose(entry));
    const when = new Date(entry.at).toLocaleString();
    return el('li', {}, button, el('span', { className: 'who' }, ` from ${entry.form.origin}${entry.form.credentials ? ', with credentials' : ''} — ${entry.outcome}, ${when}`));
  });
  const clearButton = el('button', { className: 'secondary', attrs: { type: 'button' } }, 'Clear history');
  clearButton.addEventListener('click', clear);
  return [el('h2', {}, 'Recent requests'), el('ul', { className: 'history' }, ...items), clearButton];
}
