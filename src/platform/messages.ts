/** One-off runtime messages between content scripts and the background. */
import { ext } from './browser';

/** Content-script side: fire and forget. False when the extension context is gone (reloaded). */
export function sendToBackground(message: unknown): boolean {
  try {
    // A callback that reads lastError: nobody answers, and Chrome would log the unread error.
    ext.runtime.sendMessage(message, () => void ext.runtime.lastError);
    return true;
  } catch {
    return false;
  }
}

/** Who sent a content-script message, as the browser (not the page) reports it. */
export interface ContentSender {
  tabId: number;
  frameId?: number;
  documentId?: string;
  /** The sending document's origin as the browser reports it (Chrome `origin`, else from `url`). */
  origin?: string;
}

function senderOrigin(sender: chrome.runtime.MessageSender): string | undefined {
  if (typeof sender.origin === 'string' && sender.origin) return sender.origin;
  try {
    return typeof sender.url === 'string' ? new URL(sender.url).origin : undefined;
  } catch {
    return undefined;
  }
}

/** Background side: messages from this extension's content scripts in tabs (register at top level). */
export function onContentScriptMessage(cb: (message: unknown, sender: ContentSender) => void): void {
  ext.runtime.onMessage.addListener((message: unknown, sender: chrome.runtime.MessageSender) => {
    const tabId = sender.tab?.id;
    if (sender.id !== ext.runtime.id || typeof tabId !== 'number' || tabId < 0) return;
    const from: ContentSender = { tabId };
    if (typeof sender.frameId === 'number') from.frameId = sender.frameId;
    const documentId = (sender as { documentId?: unknown }).documentId;
    if (typeof documentId === 'string' && documentId) from.documentId = documentId;
    const origin = senderOrigin(sender);
    if (origin) from.origin = origin;
    cb(message, from);
  });
}
