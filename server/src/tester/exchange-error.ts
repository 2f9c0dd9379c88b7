/** Why an exchange produced no usable response, in words a terminal or a panel can show as they are. */
export type ExchangeErrorCode =
  | 'invalid-url'
  | 'unsupported-scheme'
  | 'timeout'
  | 'aborted'
  | 'dns'
  | 'refused'
  | 'reset'
  | 'tls'
  | 'tls-self-signed'
  | 'headers-too-large'
  | 'bad-response'
  | 'network'
  | 'invalid-request';

export class ExchangeError extends Error {
  constructor(
    readonly code: ExchangeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ExchangeError';
  }
}

const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);

/** Turns a Node socket, TLS or parser error into an ExchangeError that says what happened and what to do. */
export function describeNetworkError(error: NodeJS.ErrnoException, url: URL, maxHeaderBytes: number): ExchangeError {
  const code = error.code ?? '';
  const where = `${url.host}`;
  if (SELF_SIGNED.has(code)) {
    return new ExchangeError('tls-self-signed', `TLS error from ${where}: the certificate is not trusted (${code}); pass --insecure to accept self-signed certificates`);
  }
  if (code.startsWith('ERR_TLS') || code.startsWith('CERT_') || code.includes('SSL') || /certificate/i.test(error.message)) {
    return new ExchangeError('tls', `TLS error from ${where}: ${error.message} (${code || 'tls'})`);
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new ExchangeError('headers-too-large', `the response headers from ${where} are larger than ${maxHeaderBytes} bytes; stopped reading them`);
  }
  if (code.startsWith('HPE_')) return new ExchangeError('bad-response', `${where} sent something that is not a valid HTTP response (${code}: ${error.message})`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new ExchangeError('dns', `cannot resolve the host ${url.hostname}`);
  if (code === 'ECONNREFUSED') return new ExchangeError('refused', `nothing accepts connections at ${where} (connection refused)`);
  if (code === 'ECONNRESET' || error.message === 'socket hang up') return new ExchangeError('reset', `${where} closed the connection before answering`);
  return new ExchangeError('network', `request to ${where} failed: ${error.message}${code ? ` (${code})` : ''}`);
}
