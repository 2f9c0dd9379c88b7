import { ExchangeError } from '../../../server/src/tester/exchange-error';
import type { RequestForm } from './messages';

export interface FailureText {
  message: string;
  hint?: string;
  field?: keyof RequestForm;
}

/** What went wrong with a test, and what the user can do about it, in the panel's words (not the CLI's flags). */
export function describeFailure(error: unknown, form: Pick<RequestForm, 'timeoutSeconds' | 'insecure'>): FailureText {
  if (!(error instanceof ExchangeError)) return { message: `The test failed: ${error instanceof Error ? error.message : String(error)}` };
  // The engine's texts are written for the terminal; the CLI flag is the panel's checkbox here.
  const message = error.message.replace(/; pass --insecure to accept self-signed certificates$/, '');
  switch (error.code) {
    case 'invalid-url':
    case 'unsupported-scheme':
      return { message, field: 'url' };
    case 'timeout':
      return { message, hint: `Nothing came back within ${form.timeoutSeconds} s. Check that the server runs and answers this URL, or raise the timeout.`, field: 'timeoutSeconds' };
    case 'aborted':
      return { message: 'Cancelled.' };
    case 'tls-self-signed':
      return form.insecure ? { message } : { message, hint: 'Tick "Allow self-signed certificates" to test a server with a certificate you trust yourself.', field: 'insecure' };
    case 'tls':
      return { message, hint: 'The TLS handshake failed: check the scheme and the port (an http port answered over https?).' };
    case 'headers-too-large':
      return { message, hint: 'A browser refuses a header block this large too.' };
    case 'refused':
    case 'dns':
    case 'reset':
      return { message, hint: 'Check the host and port, and that the server is running.', field: 'url' };
    case 'invalid-request':
      return { message, field: 'headers' };
    default:
      return { message };
  }
}
