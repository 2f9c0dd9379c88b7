import type { HostMessage, RequestForm, ViewMessage } from '../messages';
import { byId, fill } from './dom';
import { renderResult } from './render-result';
import { historyList, probeRow, probeTable } from './render-probes';

interface VsCodeApi {
  postMessage(message: ViewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const form = byId<HTMLFormElement>('request');
const fields = {
  url: byId<HTMLInputElement>('url'),
  origin: byId<HTMLInputElement>('origin'),
  method: byId<HTMLInputElement>('method'),
  headers: byId<HTMLTextAreaElement>('headers'),
  credentials: byId<HTMLSelectElement>('credentials'),
  insecure: byId<HTMLInputElement>('insecure'),
  timeoutSeconds: byId<HTMLInputElement>('timeoutSeconds'),
};
const buttons = { send: byId<HTMLButtonElement>('send'), cancel: byId<HTMLButtonElement>('cancel'), probe: byId<HTMLButtonElement>('probe') };
const status = byId('status');
const failure = byId('failure');
const verdict = byId('verdict');
const probes = byId('probes');
const history = byId('history');
let probeParts: ReturnType<typeof probeTable> | undefined;

function readForm(): RequestForm {
  const timeout = Number(fields.timeoutSeconds.value);
  return {
    url: fields.url.value,
    origin: fields.origin.value,
    method: fields.method.value,
    headers: fields.headers.value,
    credentials: fields.credentials.value === 'include',
    insecure: fields.insecure.checked,
    timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : 10,
  };
}

function writeForm(values: Partial<RequestForm>): void {
  if (typeof values.url === 'string') fields.url.value = values.url;
  if (typeof values.origin === 'string') fields.origin.value = values.origin;
  if (typeof values.method === 'string') fields.method.value = values.method;
  if (typeof values.headers === 'string') fields.headers.value = values.headers;
  if (typeof values.credentials === 'boolean') fields.credentials.value = values.credentials ? 'include' : 'omit';
  if (typeof values.insecure === 'boolean') fields.insecure.checked = values.insecure;
  if (typeof values.timeoutSeconds === 'number') fields.timeoutSeconds.value = String(values.timeoutSeconds);
  saveState();
}

function saveState(): void {
  vscode.setState({ form: readForm() });
}

function clearProblems(): void {
  for (const name of Object.keys(fields)) {
    document.getElementById(`${name}-problem`)?.replaceChildren();
    fields[name as keyof typeof fields].removeAttribute('aria-invalid');
  }
}

function setBusy(busy: boolean): void {
  buttons.send.disabled = busy;
  buttons.probe.disabled = busy;
  buttons.cancel.disabled = !busy;
}

function post(message: ViewMessage): void {
  vscode.postMessage(message);
}

function startSend(): void {
  clearProblems();
  fill(failure);
  post({ type: 'send', form: readForm() });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!buttons.send.disabled) startSend();
});
// Enter sends from any one-line field (Ctrl+Enter from the headers), without relying on implicit form submission.
form.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || event.isComposing) return;
  const target = event.target as HTMLElement;
  const oneLine = target instanceof HTMLInputElement && target.type !== 'checkbox';
  if (!oneLine && !(target === fields.headers && (event.ctrlKey || event.metaKey))) return;
  event.preventDefault();
  if (!buttons.send.disabled) startSend();
});
form.addEventListener('input', saveState);
form.addEventListener('change', saveState);
buttons.cancel.addEventListener('click', () => post({ type: 'cancel' }));
buttons.probe.addEventListener('click', () => {
  clearProblems();
  fill(failure);
  post({ type: 'probe', form: readForm() });
});
byId('curl-preflight').addEventListener('click', () => post({ type: 'copyCurl', form: readForm(), which: 'preflight' }));
byId('curl-actual').addEventListener('click', () => post({ type: 'copyCurl', form: readForm(), which: 'actual' }));

function showFailure(message: Extract<HostMessage, { type: 'failed' }>): void {
  setBusy(false);
  status.textContent = '';
  fill(failure, message.message, message.hint ? `\n${message.hint}` : undefined);
  if (message.field && message.field in fields) {
    const field = fields[message.field as keyof typeof fields];
    field.setAttribute('aria-invalid', 'true');
    const problem = document.getElementById(`${message.field}-problem`);
    if (problem) problem.textContent = message.message;
    field.focus();
  }
}

function onHostMessage(message: HostMessage): void {
  switch (message.type) {
    case 'prefill':
      writeForm(message.form);
      fields.url.focus();
      break;
    case 'busy':
      setBusy(true);
      status.textContent = message.text;
      break;
    case 'result':
      setBusy(false);
      status.textContent = message.result.summary;
      fill(verdict, ...renderResult(message.result));
      break;
    case 'failed':
      showFailure(message);
      break;
    case 'probeStart':
      setBusy(true);
      probeParts = probeTable(message.url, message.total);
      fill(probes, ...probeParts.section);
      break;
    case 'probeRow':
      if (!probeParts) break;
      probeParts.body.append(probeRow(message.row));
      probeParts.progress.value = message.done;
      probeParts.summary.textContent = `${message.done} of ${message.total} probes`;
      break;
    case 'probeDone':
      setBusy(false);
      status.textContent = message.cancelled ? `Probes cancelled after ${message.total}.` : `Probes done: ${message.findings} finding${message.findings === 1 ? '' : 's'}.`;
      if (probeParts) probeParts.summary.textContent = `${message.total} probes${message.cancelled ? ' (cancelled)' : ''}, ${message.findings} finding${message.findings === 1 ? '' : 's'}`;
      break;
    case 'history':
      fill(history, ...historyList(message.entries, (entry) => writeForm(entry.form), () => post({ type: 'clearHistory' })));
      break;
    case 'notice':
      status.textContent = message.text;
      break;
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') onHostMessage(data as HostMessage);
});

const saved = vscode.getState() as { form?: Partial<RequestForm> } | undefined;
writeForm({ origin: 'https://app.example', method: 'GET', timeoutSeconds: 10, credentials: false, insecure: false, ...(saved?.form ?? {}) });
post({ type: 'ready' });
