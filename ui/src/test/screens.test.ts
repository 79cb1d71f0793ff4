import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { vocab } from '$lib/vocab.svelte';
import { fakeApi, resetApi } from './fake-api';
import Matrix from '../screens/Matrix.svelte';
import Settings from '../screens/Settings.svelte';

describe('Cloud matrix', () => {
  beforeEach(async () => {
    resetApi();
    vocab.reset();
    await vocab.load();
  });

  it('shows companies × Amazon, Microsoft, Google, with data paths', async () => {
    render(Matrix);
    const table = await screen.findByTestId('cloud-matrix');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Company', 'Amazon', 'Microsoft', 'Google']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    const cells = rows[0].querySelectorAll('td');
    expect(cells[0].textContent).toContain('5 offerings');
    expect(cells[1].textContent).toContain('Not documented');
    expect(cells[2].textContent).toContain('DeepSeek-R1-0528');
    expect(screen.getByTestId('matrix-count').textContent).toContain('1 of 10');
  });

  it('adds a column for any other platform, and can show every company', async () => {
    // After an Oracle offering of DeepSeek was saved (the CLI recorded that state).
    resetApi({ state: 'offering-added' });
    const user = userEvent.setup();
    render(Matrix);
    const table = await screen.findByTestId('cloud-matrix');
    await waitFor(() =>
      expect(
        within(table)
          .getAllByRole('columnheader')
          .map((h) => h.textContent),
      ).toEqual(['Company', 'Amazon', 'Microsoft', 'Google', 'Oracle']),
    );
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(table.querySelector('td[data-platform=Oracle]')!.textContent).toContain('DeepSeek-V3');
    await user.click(screen.getByLabelText('Only companies with a cloud offering'));
    expect(within(table).getAllByRole('row')).toHaveLength(11);
  });

  it('shows an error', async () => {
    fakeApi.cloudMatrix.mockRejectedValueOnce({ code: 'internal', message: 'boom' });
    render(Matrix);
    expect((await screen.findByTestId('error-panel')).textContent).toContain('boom');
  });
});

describe('Settings', () => {
  beforeEach(resetApi);

  it('shows the folder in use, and saves the briefs folder and analyst name', async () => {
    const user = userEvent.setup();
    render(Settings);
    const used = screen.getByTestId('effective-briefs-dir');
    await waitFor(() => expect(used.textContent).toContain('/home/analyst/Documents/RiskBrief'));
    expect(used.textContent).toContain('(the default folder)');
    const dir = screen.getByLabelText('Briefs folder') as HTMLInputElement;
    expect(dir.value).toBe('');
    expect(dir.placeholder).toBe('Default folder');
    expect(dir.getAttribute('aria-describedby')).toContain('set-dir-used');
    await user.type(dir, '/srv/briefs');
    await user.clear(screen.getByLabelText('Analyst name'));
    await user.type(screen.getByLabelText('Analyst name'), 'J. Doe');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(fakeApi.saveSettings).toHaveBeenCalledWith(
        expect.objectContaining({ briefs_dir: '/srv/briefs', analyst: 'J. Doe' }),
      ),
    );
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    expect(used.textContent).toContain('/srv/briefs');
    expect(used.textContent).not.toContain('default');
  });

  it('an empty briefs folder goes back to the default', async () => {
    const user = userEvent.setup();
    fakeApi.settings.mockResolvedValueOnce({
      briefs_dir: '/srv/briefs',
      analyst: 'J. Doe',
      effective_briefs_dir: '/srv/briefs',
    });
    render(Settings);
    const dir = screen.getByLabelText('Briefs folder') as HTMLInputElement;
    await waitFor(() => expect(dir.value).toBe('/srv/briefs'));
    await user.clear(dir);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(fakeApi.saveSettings).toHaveBeenCalledWith(expect.objectContaining({ briefs_dir: '', analyst: 'J. Doe' })),
    );
    const used = screen.getByTestId('effective-briefs-dir');
    await waitFor(() => expect(used.textContent).toContain('/home/analyst/Documents/RiskBrief (the default folder)'));
  });

  it('shows a refused folder at the field', async () => {
    const user = userEvent.setup();
    fakeApi.saveSettings.mockRejectedValueOnce({
      code: 'validation',
      message: 'settings: field `briefs_dir`: must be an absolute path',
      field: { name: 'briefs_dir', problem: 'must be an absolute path' },
    });
    render(Settings);
    await waitFor(() => expect(screen.getByTestId('effective-briefs-dir').textContent).not.toBe(''));
    await user.type(screen.getByLabelText('Briefs folder'), 'briefs');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByLabelText('Briefs folder').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Must be an absolute path')).toBeTruthy();
    expect(screen.queryByText('Settings saved.')).toBeNull();
  });
});
