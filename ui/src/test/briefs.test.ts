import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BriefProgress } from '$lib/bindings/BriefProgress';
import type { BriefRecord } from '$lib/bindings/BriefRecord';
import { todayIso } from '$lib/format';
import { fakeApi, fixtures, recorded, recordedReadRefusal, resetApi } from './fake-api';
import Briefs from '../screens/Briefs.svelte';

describe('Briefs', () => {
  beforeEach(resetApi);

  it('previews the brief for the chosen company with the default marking and today', async () => {
    render(Briefs, { company: 'deepseek' });
    const preview = await screen.findByTestId('brief-preview');
    await waitFor(() => expect(preview.querySelector('article.brief')).toBeTruthy());
    expect(fakeApi.previewBrief).toHaveBeenLastCalledWith({
      company: 'deepseek',
      marking: 'CONFIDENTIAL — INTERNAL USE',
      as_of: todayIso(),
      path: null,
    });
    expect(preview.querySelector('.marking')!.textContent).toBe('CONFIDENTIAL — INTERNAL USE');
    expect(preview.querySelector('.badge.high')!.textContent).toBe('HIGH RISK');
    expect((screen.getByLabelText('Subject') as HTMLSelectElement).value).toBe('deepseek');
    expect(screen.getByTestId('briefs-folder').textContent).toBe(fixtures.settings.effective_briefs_dir);
  });

  it('follows the choices: the portfolio, another marking', async () => {
    const user = userEvent.setup();
    render(Briefs);
    await waitFor(() => expect(fakeApi.previewBrief).toHaveBeenCalledWith(expect.objectContaining({ company: null })));
    const marking = screen.getByLabelText('Marking');
    await user.clear(marking);
    await user.type(marking, 'SECRET — BOARD ONLY');
    await waitFor(() =>
      expect(screen.getByTestId('brief-preview').querySelector('.marking')?.textContent).toBe('SECRET — BOARD ONLY'),
    );
    expect(screen.getByTestId('brief-preview').textContent).toContain('Vendor risk portfolio');
  });

  it('refuses an empty marking at the field without asking the core', async () => {
    const user = userEvent.setup();
    render(Briefs, { company: 'deepseek' });
    await waitFor(() => expect(fakeApi.previewBrief).toHaveBeenCalledTimes(1));
    await user.clear(screen.getByLabelText('Marking'));
    const marking = screen.getByLabelText('Marking');
    await waitFor(() => expect(marking.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById('brief-marking-error')!.textContent).toContain('A marking is required');
    await user.click(screen.getByRole('button', { name: 'Save to briefs folder' }));
    await new Promise((r) => setTimeout(r, 400));
    expect(fakeApi.previewBrief).toHaveBeenCalledTimes(1);
    expect(fakeApi.generateBrief).not.toHaveBeenCalled();
  });

  it("shows the core's preview error at the field it names", async () => {
    // The core's refusals of an impossible date and of a blank marking, as the CLI recorded them.
    const request = { company: 'deepseek', marking: 'CONFIDENTIAL — INTERNAL USE', as_of: todayIso(), path: null };
    const badDate = recordedReadRefusal('sample', 'preview_brief', { request: { ...request, as_of: '2026-02-30' } });
    fakeApi.previewBrief.mockRejectedValue(badDate);
    render(Briefs, { company: 'deepseek' });
    expect((await screen.findByText(/The preview failed/)).textContent).toContain(badDate.message);
    fakeApi.previewBrief.mockRejectedValue(
      recordedReadRefusal('sample', 'preview_brief', { request: { ...request, marking: ' ' } }),
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Marking'), ' ');
    await waitFor(() => expect(screen.getByLabelText('Marking').getAttribute('aria-invalid')).toBe('true'));
  });

  it('saves into the briefs folder with progress, then offers to open the PDF', async () => {
    const user = userEvent.setup();
    let emit: (p: BriefProgress) => void = () => {};
    const unlisten = vi.fn();
    fakeApi.onBriefProgress.mockImplementation(async (h) => {
      emit = h;
      return unlisten;
    });
    let finish: (r: BriefRecord) => void = () => {};
    fakeApi.generateBrief.mockImplementation(() => new Promise((ok) => (finish = ok)));
    render(Briefs, { company: 'deepseek' });
    await screen.findByTestId('brief-preview');

    await user.click(screen.getByRole('button', { name: 'Save to briefs folder' }));
    expect(fakeApi.generateBrief).toHaveBeenCalledWith({
      company: 'deepseek',
      marking: 'CONFIDENTIAL — INTERNAL USE',
      as_of: todayIso(),
      path: null,
    });
    expect((screen.getByRole('button', { name: 'Save to briefs folder' }) as HTMLButtonElement).disabled).toBe(true);
    emit({ step: 'Rendering the PDF', fraction: 0.5 });
    const progress = await screen.findByTestId('brief-progress');
    await waitFor(() => expect(progress.textContent).toContain('Rendering the PDF'));
    expect((progress.querySelector('progress') as HTMLProgressElement).value).toBe(0.5);

    const path = `${fixtures.settings.effective_briefs_dir}/deepseek-${todayIso()}.pdf`;
    // The record the core made of this brief when the CLI generated it.
    finish(
      recorded<BriefRecord>('sample', 'generate_brief', {
        request: { company: 'deepseek', marking: 'CONFIDENTIAL — INTERNAL USE', as_of: todayIso(), path: null },
      }),
    );
    expect((await screen.findByTestId('brief-result-path')).textContent).toBe(path);
    expect(screen.queryByTestId('brief-progress')).toBeNull();
    expect(unlisten).toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(fakeApi.openFile).toHaveBeenCalledWith(path);
  });

  it('saves through the save dialog, in the briefs folder by default', async () => {
    const user = userEvent.setup();
    render(Briefs, { company: 'deepseek' });
    await screen.findByTestId('brief-preview');
    await waitFor(() =>
      expect(screen.getByTestId('briefs-folder').textContent).toBe(fixtures.settings.effective_briefs_dir),
    );
    await user.click(screen.getByRole('button', { name: 'Save PDF…' }));
    expect(fakeApi.chooseSavePath).toHaveBeenCalledWith(
      `${fixtures.settings.effective_briefs_dir}/deepseek-${todayIso()}.pdf`,
    );
    await waitFor(() =>
      expect(fakeApi.generateBrief).toHaveBeenCalledWith(
        expect.objectContaining({ path: '/home/analyst/Desktop/chosen.pdf' }),
      ),
    );
    expect((await screen.findByTestId('brief-result-path')).textContent).toBe('/home/analyst/Desktop/chosen.pdf');
  });

  it('does nothing when the save dialog is cancelled', async () => {
    const user = userEvent.setup();
    fakeApi.chooseSavePath.mockResolvedValueOnce(null);
    render(Briefs, { company: 'deepseek' });
    await screen.findByTestId('brief-preview');
    await user.click(screen.getByRole('button', { name: 'Save PDF…' }));
    await waitFor(() => expect(fakeApi.chooseSavePath).toHaveBeenCalled());
    expect(fakeApi.generateBrief).not.toHaveBeenCalled();
  });

  it('says why a brief was not saved', async () => {
    const user = userEvent.setup();
    fakeApi.generateBrief.mockRejectedValueOnce({
      code: 'validation',
      message: 'cannot write /ro/x.pdf: Permission denied',
    });
    render(Briefs, { company: 'deepseek' });
    await screen.findByTestId('brief-preview');
    await user.click(screen.getByRole('button', { name: 'Save to briefs folder' }));
    expect((await screen.findByText(/The brief was not saved/)).textContent).toContain('Permission denied');
    expect((screen.getByRole('button', { name: 'Save to briefs folder' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('opens links in the preview in the system browser', async () => {
    const user = userEvent.setup();
    render(Briefs, { company: 'deepseek' });
    const preview = await screen.findByTestId('brief-preview');
    await waitFor(() => expect(preview.querySelector('a[href^="https://"]')).toBeTruthy());
    const a = preview.querySelector('a[href^="https://"]') as HTMLAnchorElement;
    await user.click(a);
    expect(fakeApi.openLink).toHaveBeenCalledWith(a.getAttribute('href'));
  });

  it('says when the company in the link does not exist', async () => {
    render(Briefs, { company: 'nosuch' });
    await waitFor(() => expect(screen.getByLabelText('Subject').getAttribute('aria-invalid')).toBe('true'));
    expect(within(document.body).getByText(/There is no company “nosuch”/)).toBeTruthy();
  });
});
