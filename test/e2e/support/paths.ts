/** Where things live, resolved from this file so tests and scripts work from any cwd. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Overridable, so a run can use its own build while another `npm run build` rewrites dist/. */
export const CHROME_EXTENSION_DIR = path.resolve(process.env.CORS_LENS_CHROME_DIR ?? path.join(REPO_ROOT, 'dist/chrome'));
export const FIREFOX_EXTENSION_DIR = path.resolve(process.env.CORS_LENS_FIREFOX_DIR ?? path.join(REPO_ROOT, 'dist/firefox'));
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'artifacts');
