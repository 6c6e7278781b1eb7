import type { HeaderList } from '../core/model';

/** Headers as sent/received, in order, duplicates kept. Values are text, never markup. */
export function HeadersTable({ title, headers, note }: { title: string; headers: HeaderList | undefined; note?: string }) {
  return (
    <div class="headers">
      <div class="headers-title">{title}</div>
      {!headers || headers.length === 0 ? (
        <div class="headers-none">{note ?? 'Not captured.'}</div>
      ) : (
        <table class="headers-table">
          <tbody>
            {headers.map((h, i) => (
              <tr key={i}>
                <th scope="row">{h.name}</th>
                <td>{h.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
