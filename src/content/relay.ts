/**
 * ISOLATED-world content script (document_start, every frame): receives the page hooks' records
 * (page-hooks.ts), validates and rate-limits them, and forwards them to the background. The
 * background learns the tab, frame and document from the message sender, never from the page.
 */
import { sendToBackground } from '../platform/messages';
import { PAGE_HINTS_MESSAGE, type PageHintsMessage } from './channel';
import { startRelay } from './relay-core';

try {
  startRelay(document, {
    send: (records) => sendToBackground({ type: PAGE_HINTS_MESSAGE, records } satisfies PageHintsMessage),
  });
} catch {
  // Never break the page.
}
