/**
 * The messages between the preflight tester's page and the extension host,
 * declared once for both sides. Plain data only: everything crosses
 * `postMessage` as JSON, and whatever arrives is checked before use.
 */

/** What the user filled in. Headers stay the text of the field; the host parses them. */
export interface RequestForm {
  url: string;
  origin: string;
  method: string;
  /** One `Name: value` per line. */
  headers: string;
  credentials: boolean;
  /** Accept self-signed and otherwise untrusted TLS certificates. */
  insecure: boolean;
  timeoutSeconds: number;
}

export type CurlTarget = 'preflight' | 'actual';

/** Page → host. */
export type ViewMessage =
  | { type: 'ready' }
  | { type: 'send'; form: RequestForm }
  | { type: 'probe'; form: RequestForm }
  | { type: 'cancel' }
  | { type: 'copyCurl'; form: RequestForm; which: CurlTarget }
  | { type: 'clearHistory' };

/** One raw exchange as the page shows it; every string came from the network or the user. */
export interface ExchangeView {
  requestLine: string;
  requestHeaders: [string, string][];
  statusLine: string;
  responseHeaders: [string, string][];
  /** Header lines not shown, beyond the bound. */
  hiddenHeaders: number;
  body: string;
  bodyTruncated: boolean;
  redirectTo?: string;
  headersMs: number;
  totalMs: number;
}

export interface EngineView {
  /** `Chromium`, `Firefox`, `WebKit (Safari)`, `Fetch standard`. */
  label: string;
  allowed: boolean;
  reason?: string;
  /** Where it fails: `preflight`, `response`, or `request` (fetch() refuses it before sending). */
  stage?: 'preflight' | 'response' | 'request';
  /** The reason in plain words. */
  why: string;
  /** The engine does something else than the Fetch standard here. */
  departs: boolean;
  cacheSeconds?: number;
}

export interface StepView {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ResultView {
  summary: string;
  allowed: boolean;
  request: { url: string; origin: string; method: string; credentials: boolean };
  preflightNeeded: boolean;
  preflight?: ExchangeView;
  actual?: ExchangeView;
  /** Why the request itself was not sent. */
  actualSkipped?: string;
  engines: EngineView[];
  standard: EngineView;
  steps: StepView[];
  totalMs: number;
}

export interface ProbeRowView {
  origin: string;
  kind: string;
  access: 'credentialed' | 'read' | 'none';
  ruleId?: string;
  severity?: 'error' | 'warning' | 'info';
  message?: string;
  status?: number;
  allowOrigin?: string;
  note?: string;
  error?: string;
}

export interface HistoryEntry {
  form: RequestForm;
  /** Milliseconds since the epoch. */
  at: number;
  /** `allowed`, `blocked (Reason)` or the error's first words. */
  outcome: string;
}

/** Host → page. */
export type HostMessage =
  | { type: 'prefill'; form: Partial<RequestForm> }
  | { type: 'busy'; what: 'send' | 'probe'; text: string }
  | { type: 'result'; result: ResultView }
  | { type: 'failed'; what: 'send' | 'probe'; message: string; hint?: string; field?: keyof RequestForm }
  | { type: 'probeStart'; url: string; total: number }
  | { type: 'probeRow'; done: number; total: number; row: ProbeRowView }
  | { type: 'probeDone'; cancelled: boolean; findings: number; total: number }
  | { type: 'history'; entries: HistoryEntry[] }
  | { type: 'notice'; text: string };

/** Bounds on what the page may send: a message is never trusted to be small. */
export const LIMITS = {
  url: 8 * 1024,
  origin: 2 * 1024,
  method: 64,
  headers: 64 * 1024,
  minTimeoutSeconds: 1,
  maxTimeoutSeconds: 300,
} as const;

export const DEFAULT_FORM: RequestForm = {
  url: '',
  origin: 'https://app.example',
  method: 'GET',
  headers: '',
  credentials: false,
  insecure: false,
  timeoutSeconds: 10,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function boundedString(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

/** A form as the page sent it, or undefined when any field is missing, of the wrong type or too long. */
export function parseForm(value: unknown): RequestForm | undefined {
  if (!isRecord(value)) return undefined;
  const url = boundedString(value.url, LIMITS.url);
  const origin = boundedString(value.origin, LIMITS.origin);
  const method = boundedString(value.method, LIMITS.method);
  const headers = boundedString(value.headers, LIMITS.headers);
  const { credentials, insecure, timeoutSeconds } = value;
  if (url === undefined || origin === undefined || method === undefined || headers === undefined) return undefined;
  if (typeof credentials !== 'boolean' || typeof insecure !== 'boolean') return undefined;
  if (typeof timeoutSeconds !== 'number' || !Number.isFinite(timeoutSeconds)) return undefined;
  const timeout = Math.min(LIMITS.maxTimeoutSeconds, Math.max(LIMITS.minTimeoutSeconds, timeoutSeconds));
  return { url, origin, method, headers, credentials, insecure, timeoutSeconds: timeout };
}

/** The page's message, checked field by field; anything else is dropped. */
export function parseViewMessage(value: unknown): ViewMessage | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  switch (value.type) {
    case 'ready':
    case 'cancel':
    case 'clearHistory':
      return { type: value.type };
    case 'send':
    case 'probe': {
      const form = parseForm(value.form);
      return form ? { type: value.type, form } : undefined;
    }
    case 'copyCurl': {
      const form = parseForm(value.form);
      const which = value.which;
      return form && (which === 'preflight' || which === 'actual') ? { type: 'copyCurl', form, which } : undefined;
    }
    default:
      return undefined;
  }
}
