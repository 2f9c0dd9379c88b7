import { runOriginProbes } from '../../../server/src/tester/origin-probes';
import { probeOrigins } from '../../../server/src/tester/probe-origins';
import { testPreflight } from '../../../server/src/tester/preflight-run';
import { toCurl } from './curl';
import { describeFailure } from './failure-text';
import type { RequestHistory } from './history';
import type { HostMessage, RequestForm, ViewMessage } from './messages';
import { checkForm, plannedRequests } from './request-form';
import { outcomeText, probeRowView, resultView } from './result-view';

/** What the controller needs from VS Code, so it runs (and is tested) without it. */
export interface TesterHost {
  post(message: HostMessage): void;
  copy(text: string): PromiseLike<void>;
  /**
   * Runs a task under a progress bar the user can cancel; cancelling aborts the
   * signal. `report` moves the bar to `done` of `total`.
   */
  withProgress<T>(title: string, task: (report: (done: number, total: number) => void, signal: AbortSignal) => Promise<T>): PromiseLike<T>;
}

/** Probes in flight at once: enough to be quick, few enough not to look like an attack on the server. */
const PROBE_CONCURRENCY = 6;

/**
 * The extension-host side of the tester panel: checks what the page asks,
 * sends the requests, and answers with plain data. One test at a time; a new
 * one cancels the one running.
 */
export class TesterController {
  private running: AbortController | undefined;
  private ready = false;
  private readonly queued: HostMessage[] = [];

  constructor(
    private readonly host: TesterHost,
    private readonly history: RequestHistory,
  ) {}

  /** Messages posted before the page runs its script would be lost: they wait for its `ready`. */
  private post(message: HostMessage): void {
    if (this.ready) this.host.post(message);
    else this.queued.push(message);
  }

  prefill(form: Partial<RequestForm>): void {
    this.post({ type: 'prefill', form });
  }

  /** The page was loaded again (a reload of the webview): nothing it was sent before is there. */
  pageUnloaded(): void {
    this.ready = false;
  }

  async handle(message: ViewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.host.post({ type: 'history', entries: this.history.entries() });
        for (const m of this.queued.splice(0)) this.host.post(m);
        return;
      case 'send':
        return this.send(message.form);
      case 'probe':
        return this.probe(message.form);
      case 'cancel':
        this.cancel();
        return;
      case 'copyCurl':
        return this.copyCurl(message.form, message.which);
      case 'clearHistory':
        await this.history.clear();
        this.post({ type: 'history', entries: [] });
        return;
    }
  }

  cancel(): void {
    this.running?.abort();
    this.running = undefined;
  }

  dispose(): void {
    this.cancel();
  }

  private begin(): AbortController {
    this.cancel();
    const abort = new AbortController();
    this.running = abort;
    return abort;
  }

  private end(abort: AbortController): void {
    if (this.running === abort) this.running = undefined;
  }

  async send(form: RequestForm): Promise<void> {
    const checked = checkForm(form);
    if (!checked.ok) {
      this.post({ type: 'failed', what: 'send', message: checked.message, field: checked.field });
      return;
    }
    const abort = this.begin();
    const started = performance.now();
    this.post({ type: 'busy', what: 'send', text: `Sending to ${checked.options.url}…` });
    let outcome: string;
    try {
      const result = await testPreflight({ ...checked.options, signal: abort.signal });
      const view = resultView(result, performance.now() - started);
      this.post({ type: 'result', result: view });
      outcome = outcomeText(view);
    } catch (error) {
      const failure = describeFailure(error, form);
      this.post({ type: 'failed', what: 'send', ...failure });
      outcome = `failed: ${failure.message}`;
    } finally {
      this.end(abort);
    }
    if (abort.signal.aborted) return;
    this.post({ type: 'history', entries: await this.history.add(form, outcome) });
  }

  async probe(form: RequestForm): Promise<void> {
    const checked = checkForm(form);
    if (!checked.ok) {
      this.post({ type: 'failed', what: 'probe', message: checked.message, field: checked.field });
      return;
    }
    const { url, insecure, timeoutMs, credentials } = checked.options;
    const abort = this.begin();
    this.post({ type: 'busy', what: 'probe', text: `Probing ${url} with crafted origins…` });
    try {
      await this.host.withProgress(`Probing origins of ${url}`, async (report, cancelled) => {
        cancelled.addEventListener('abort', () => abort.abort(), { once: true });
        const total = probeOrigins(new URL(url)).length;
        this.post({ type: 'probeStart', url, total });
        const result = await runOriginProbes({
          url,
          insecure,
          timeoutMs,
          credentialsOnly: credentials,
          concurrency: PROBE_CONCURRENCY,
          signal: abort.signal,
          onProgress: (done, all, row) => {
            report(done, all);
            this.post({ type: 'probeRow', done, total: all, row: probeRowView(row) });
          },
        });
        this.post({ type: 'probeDone', cancelled: result.cancelled, findings: result.findings.length, total: result.results.length });
      });
    } catch (error) {
      this.post({ type: 'failed', what: 'probe', ...describeFailure(error, form) });
    } finally {
      this.end(abort);
    }
  }

  async copyCurl(form: RequestForm, which: 'preflight' | 'actual'): Promise<void> {
    const checked = checkForm(form);
    if (!checked.ok) {
      this.post({ type: 'failed', what: 'send', message: checked.message, field: checked.field });
      return;
    }
    const planned = plannedRequests(checked.options);
    const request = which === 'preflight' ? planned.preflight : planned.actual;
    if (!request) {
      this.post({ type: 'notice', text: 'No preflight to copy: a browser sends this request without one.' });
      return;
    }
    await this.host.copy(toCurl(request, { insecure: form.insecure, timeoutSeconds: form.timeoutSeconds }));
    this.post({ type: 'notice', text: `Copied the ${which === 'preflight' ? 'preflight' : 'request'} as a curl command.` });
  }
}
