/** A Copy button that says so when it worked (or did not), visibly and to screen readers. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { copyText } from './clipboard';

export function CopyButton({ text, label = 'Copy', what, testId }: { text: () => string; label?: string; what: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <span class="copy">
      <button
        type="button"
        class={`tool-button copy-button copy-${state}`}
        data-action="copy"
        data-testid={testId}
        aria-label={`${label} ${what}`}
        onClick={() => {
          void copyText(text()).then((ok) => {
            setState(ok ? 'copied' : 'failed');
            clearTimeout(timer.current);
            timer.current = setTimeout(() => setState('idle'), 2000);
          });
        }}
      >
        <span class="icon icon-copy" aria-hidden="true" /> {state === 'copied' ? 'Copied ✓' : label}
      </button>
      <span class="copy-status" role="status" data-copy-state={state}>
        {state === 'copied' ? `Copied ${what} to the clipboard` : state === 'failed' ? 'Copy failed: select the text and press Ctrl+C' : ''}
      </span>
    </span>
  );
}
