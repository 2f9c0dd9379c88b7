import * as http from 'node:http';

export interface ProbeRequest {
  port: number;
  method: string;
  path: string;
  headers: Record<string, string>;
}

export interface ProbeResponse {
  status: number;
  /** Every header line as sent, in order, names as written. */
  headers: Array<[string, string]>;
}

/** Sends one request to 127.0.0.1 on a fresh connection and reads the whole answer. */
export function probe(req: ProbeRequest): Promise<ProbeResponse> {
  return new Promise((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port: req.port, method: req.method, path: req.path, headers: req.headers, agent: false }, (res) => {
      const headers: Array<[string, string]> = [];
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers }));
      res.on('error', reject);
    });
    r.setTimeout(10_000, () => r.destroy(new Error(`no answer from 127.0.0.1:${req.port} within 10 s`)));
    r.on('error', reject);
    r.end();
  });
}
