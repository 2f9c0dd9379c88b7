import type { PreflightPrefill } from '../../../server/src/lsp/protocol';
import { LIMITS, type RequestForm } from './messages';

/**
 * The form a command argument asks for (a code lens sends a `PreflightPrefill`).
 * Arguments can come from anywhere a command can be run from, so each field
 * is checked; a bad one is left out, and no URL means no prefill.
 */
export function prefillToForm(value: unknown): Partial<RequestForm> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const p = value as Partial<Record<keyof PreflightPrefill, unknown>>;
  if (typeof p.url !== 'string' || p.url.length > LIMITS.url) return undefined;
  const form: Partial<RequestForm> = { url: p.url };
  if (typeof p.method === 'string' && p.method.length <= LIMITS.method) form.method = p.method;
  if (typeof p.origin === 'string' && p.origin.length <= LIMITS.origin) form.origin = p.origin;
  if (typeof p.credentials === 'boolean') form.credentials = p.credentials;
  if (Array.isArray(p.headers) && p.headers.every((h) => typeof h === 'string')) {
    const text = p.headers.join('\n');
    if (text.length <= LIMITS.headers) form.headers = text;
  }
  return form;
}
