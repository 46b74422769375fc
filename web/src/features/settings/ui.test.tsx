import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render';
import { SettingsTable } from './ui';

afterEach(cleanup);

type Row = { id: string; name: string };
const loaded = (data: Row[]) => ({ isPending: false, isError: false, error: null, refetch: () => undefined, data });

function table(data: Row[], empty?: string) {
  return (
    <SettingsTable
      query={loaded(data)}
      empty={empty ? <p>{empty}</p> : undefined}
      columns={['Name']}
      rowKey={(row) => row.id}
      cells={(row) => <td>{row.name}</td>}
      actions={(row) => <button type="button">Remove {row.name}</button>}
    />
  );
}

describe('SettingsTable', () => {
  it('renders the column headers, a header for the actions read by screen readers only, and one row per item', async () => {
    const { container } = await renderApp(table([{ id: '1', name: 'Ana' }, { id: '2', name: 'Bea' }], 'Nobody yet'));
    expect(container.querySelector('.card.st-card-flush > table.st-table')).toBeTruthy();
    const headers = screen.getAllByRole('columnheader');
    expect(headers.map((th) => [th.getAttribute('scope'), th.textContent])).toEqual([
      ['col', 'Name'],
      ['col', 'Actions'],
    ]);
    expect(headers[1]?.querySelector('.visually-hidden')).toBeTruthy();
    expect(screen.getByRole('row', { name: /Bea/ }).querySelector('td:last-child .st-row-actions button')?.textContent).toBe('Remove Bea');
    expect(screen.queryByText('Nobody yet')).toBeNull();
  });

  it('shows the empty state instead of the table when there are no items, and the bare table without one', async () => {
    const { container, unmount } = await renderApp(table([], 'Nobody yet'));
    expect(screen.getByText('Nobody yet')).toBeTruthy();
    expect(container.querySelector('table')).toBeNull();
    unmount();
    const bare = await renderApp(table([]));
    expect(bare.container.querySelectorAll('table tbody tr')).toHaveLength(0);
    expect(screen.getAllByRole('columnheader')).toHaveLength(2);
  });
});
