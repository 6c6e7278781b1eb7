/**
 * Host permissions, in one place. Today the manifest grants `<all_urls>` at install (Chrome needs
 * host permission for both the request URL and its initiator to report a request). If this moves
 * to optional host permissions, the request/contains calls belong here.
 */
import { ext } from './browser';

/** The URL filter every webRequest listener uses. */
export const OBSERVED_URLS: string[] = ['<all_urls>'];

/** Whether the user granted access to every site (Firefox lets users revoke it at any time). */
export async function hasHostAccess(): Promise<boolean> {
  try {
    return await ext.permissions.contains({ origins: OBSERVED_URLS });
  } catch {
    return false;
  }
}
