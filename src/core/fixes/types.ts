/** The contract every fix renderer implements: policy in, one copy-ready snippet out. */
import type { FixPolicy } from '../policy';

export interface RenderContext {
  /** Path prefix the CORS configuration covers (default: the request URL's first path segment, e.g. `/api/`). */
  pathPrefix?: string;
  /** Port the server listens on (default: the request URL's port, else 8080). */
  port?: number;
  /** Address of the application behind a proxy (nginx, Apache, Caddy, dev proxy). Default `127.0.0.1:3000`. */
  upstream?: string;
}

export interface RenderedFix {
  label: string;
  code: string;
  /** Highlighting hint: `http`, `shell`, `javascript`, `typescript`, `nginx`, `apache`, `caddy`, `python`, `go`, `ruby`, `java`, `csharp`, `json`. */
  language: string;
  notes?: string[];
}

export type Render = (policy: FixPolicy, ctx?: RenderContext) => RenderedFix;

export interface StackRenderer {
  id: string;
  label: string;
  language: string;
  render: Render;
}
