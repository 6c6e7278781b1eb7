/** A raw node:http client for the lab tests: keeps raw header fields (case, order, repeats). */
import http from 'node:http';

export interface RawResponse {
  status: number;
  rawHeaders: Array<[string, string]>;
  body: string;
}

export function request(url: string, opts: { method?: string; headers?: Record<string, string>; family?: 4 | 6 } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers ?? {}, family: opts.family ?? 4, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        const rawHeaders: Array<[string, string]> = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) rawHeaders.push([res.rawHeaders[i] ?? '', res.rawHeaders[i + 1] ?? '']);
        resolve({ status: res.statusCode ?? 0, rawHeaders, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

export function fields(r: RawResponse, name: string): string[] {
  return r.rawHeaders.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}
