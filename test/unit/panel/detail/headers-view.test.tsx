// @vitest-environment happy-dom
/** The header table renders at most MAX_HEADER_ROWS rows per list, says how many more, and keeps marked ones. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/preact';
import { HeadersTable, MAX_HEADER_ROWS, type Mark } from '../../../../src/panel/detail/HeadersView';

afterEach(cleanup);

describe('HeadersTable with a huge header list', () => {
  it('renders the first rows, the marked one beyond them, and "N more"', () => {
    const headers = Array.from({ length: 10_000 }, (_, i) => ({ name: `x-h${i}`, value: String(i) }));
    headers.push({ name: 'Access-Control-Allow-Origin', value: '*' });
    const mark: Mark = { on: 'response', hop: 0, field: 'access-control-allow-origin', value: '*', note: 'wildcard', kind: 'bad' };
    const view = render(<HeadersTable title="Response headers" headers={headers} marks={[mark]} />);
    const rows = view.container.querySelectorAll('tbody tr:not(.headers-more)');
    expect(rows).toHaveLength(MAX_HEADER_ROWS + 1);
    expect(view.container.querySelector('tr[data-marked="bad"] th')?.textContent).toBe('Access-Control-Allow-Origin');
    expect(view.getByTestId('headers-more').textContent).toContain(`${(10_001 - MAX_HEADER_ROWS - 1).toLocaleString('en')} more headers not shown`);
  });

  it('a short list has no "more" row', () => {
    const view = render(<HeadersTable title="Request headers" headers={[{ name: 'Accept', value: '*/*' }]} />);
    expect(view.queryByTestId('headers-more')).toBeNull();
  });
});
