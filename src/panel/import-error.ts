/** Why a file could not be imported, as one line for the user. */
import { visibleControls } from './display-text';

/**
 * One line for the user. File names and V8's excerpt of a broken file are quoted in it, so its
 * control characters (escape sequences, bidi overrides, newlines) are made visible here, once.
 */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(message: string) {
    super(visibleControls(message));
  }
}
