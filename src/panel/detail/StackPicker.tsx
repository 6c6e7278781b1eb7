/** The "Server stack" picker of a fix snippet (every stack but curl, which has its own section). */
import type { FixEngine } from '../use-fix-engine';

export function StackPicker({ engine, stackId, onStack }: { engine: FixEngine; stackId: string; onStack(id: string): void }) {
  return (
    <label class="stack-picker">
      Server stack{' '}
      <select data-action="stack" value={stackId} onChange={(e) => onStack((e.currentTarget as HTMLSelectElement).value)}>
        {engine.STACKS.filter((s) => s.id !== 'curl').map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
    </label>
  );
}
