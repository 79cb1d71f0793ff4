import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Register } from '$lib/bindings/Register';
import type { Scenario } from '$lib/bindings/Scenario';
import type { ScenarioEntry } from '$lib/bindings/ScenarioEntry';
import { NIL_ID, UNSTORED } from '$lib/records';
import { href, parseHash, router } from '$lib/router.svelte';
import {
  assemble,
  blankScenario,
  changeInWords,
  copyOf,
  describeChanges,
  draftOf,
  touches,
  type ChangeContext,
} from '$lib/scenarios/scenarios';
import { vocab } from '$lib/vocab.svelte';
import type { FakeOptions } from './fake-core';
import { company, core, fakeApi, fixtures, recorded, recordedRead, recordedRefusal, resetApi } from './fake-api';
import Company from '../screens/Company.svelte';
import Scenarios from '../screens/Scenarios.svelte';

const BIS = 'DeepSeek added to the BIS Entity List';
const COPY = 'Entity List, board copy';
const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();
const entries = (state = 'sample') => recordedRead<ScenarioEntry[]>(state, 'scenarios', {});

/** The screen at a route; navigating re-renders it with the route's name, as App.svelte does. */
async function setup(props: { name?: string | null; company?: string | null } = {}, options: FakeOptions = {}) {
  if (options.state) resetApi(options);
  const user = userEvent.setup();
  location.hash = href.scenarios(props.name, props.company);
  router.sync();
  const r = render(Scenarios, props);
  window.addEventListener('hashchange', () => {
    const route = parseHash(location.hash);
    if (route.name === 'scenarios') r.rerender({ name: route.scenario, company: route.company });
  });
  await screen.findByTestId('scenario-result');
  return user;
}

describe('Scenarios', () => {
  beforeEach(async () => {
    resetApi();
    vocab.reset();
    await vocab.load();
  });

  it('lists the built-in starting points, marked, each with its changes', async () => {
    await setup();
    const items = await screen.findAllByTestId('scenario-item');
    expect(items.map((i) => i.querySelector('.name')!.textContent)).toEqual(entries().map((e) => e.scenario.name));
    expect(items).toHaveLength(4);
    expect(within(items[0]).getByTestId('starting-point').textContent).toBe('Starting point');
    expect(text(items[0])).toContain('DeepSeek: Listed on the BIS Entity List');
    expect(text(items[3])).toMatch(/\d+ allegations confirmed/);
    expect(text(screen.getByTestId('scenario-result'))).toContain('Choose a scenario');
    expect(fakeApi.runScenario).not.toHaveBeenCalled();
  });

  it('runs the one selected: hypothetical, DeepSeek High → Severe, deployments before → after, the consequence with its source', async () => {
    const user = await setup();
    await user.click((await screen.findAllByTestId('scenario-item'))[0]);
    const result = screen.getByTestId('scenario-result');
    await within(result).findByTestId('assumed');
    expect(fakeApi.runScenario).toHaveBeenCalledWith(BIS, null);
    expect(text(within(result).getByTestId('hypothetical'))).toContain('HYPOTHETICAL');
    expect(text(within(result).getByTestId('assumed'))).toBe('DeepSeek: Listed on the BIS Entity List.');
    const deepseek = within(result).getByTestId('company-delta');
    const bands = within(deepseek)
      .getAllByText(/High|Severe/)
      .map((b) => b.closest('[data-band]')!.getAttribute('data-band'));
    expect(bands).toEqual(['high', 'severe']);
    const factor = within(deepseek).getByRole('cell', { name: 'Official designations' }).closest('tr')!;
    expect([...factor.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      'Official designations',
      '0',
      '40',
      '+40',
    ]);
    const hosted = within(deepseek)
      .getByRole('cell', { name: 'Hosted by a cloud provider (Amazon, Google, Microsoft)' })
      .closest('tr')!;
    expect([...hosted.querySelectorAll('[data-verdict]')].map((v) => v.getAttribute('data-verdict'))).toEqual([
      'acceptable_with_controls',
      'not_recommended',
    ]);
    const support = within(result)
      .getAllByTestId('deployment-delta')
      .find((r) => r.textContent!.includes('Customer support assistant'))!;
    expect([...support.querySelectorAll('[data-verdict]')].map((v) => v.getAttribute('data-verdict'))).toEqual([
      'acceptable_with_controls',
      'not_recommended',
    ]);
    expect(text(support)).toContain('Customer Service');
    expect(text(support)).toContain('Replace it by 31 Mar 2027');
    const consequence = within(result).getByTestId('consequence');
    expect(text(consequence)).toContain('DeepSeek on the BIS Entity List: items subject to the EAR need a BIS licence');
    expect(text(within(consequence).getByTestId('legal-source'))).toContain(
      'U.S. Department of Commerce, Bureau of Industry and Security, Export Administration Regulations, 15 CFR 744.11',
    );
    // A built-in scenario cannot be deleted.
    expect(within(result).queryByRole('button', { name: 'Delete' })).toBeNull();
  });

  it('flags a deployment whose cloud offering is withdrawn', async () => {
    const name = "The cloud providers withdraw DeepSeek's models";
    const run = recordedRead<{ deployments: { offering_withdrawn: boolean }[] }>('sample', 'run_scenario', {
      name,
      asOf: null,
    });
    await setup({ name });
    const rows = await screen.findAllByTestId('deployment-delta');
    expect(rows).toHaveLength(run.deployments.length);
    expect(screen.queryAllByTestId('offering-withdrawn')).toHaveLength(
      run.deployments.filter((d) => d.offering_withdrawn).length,
    );
    expect(screen.getAllByTestId('offering-withdrawn').length).toBeGreaterThan(0);
  });

  it('starts from a scenario, saves it under a new name, refuses a name taken, and deletes the copy after confirmation', async () => {
    const user = await setup({ name: BIS });
    await screen.findByTestId('assumed');
    await user.click(screen.getByRole('button', { name: 'Start from this' }));
    const dialog = await screen.findByRole('dialog', { name: 'New scenario' });
    const input = within(dialog).getByLabelText(/^Name/) as HTMLInputElement;
    expect(input.value).toBe(`${BIS} (copy)`);
    expect(document.activeElement).toBe(input);
    expect((await within(dialog).findAllByTestId('change-words')).map(text)).toEqual([
      'DeepSeek: Listed on the BIS Entity List',
    ]);
    await user.clear(input);
    await user.type(input, COPY);
    await user.click(within(dialog).getByRole('button', { name: 'Save scenario' }));
    await waitFor(() => expect(core.state).toBe('scenario-saved'));
    const sent = fakeApi.saveScenario.mock.calls[0][0];
    const from = entries().find((e) => e.scenario.name === BIS)!.scenario;
    expect(sent).toEqual(copyOf(from, COPY));
    await waitFor(() => expect(text(screen.getByTestId('scenarios-announcement'))).toBe(`Scenario “${COPY}” saved.`));
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: COPY })).toBeTruthy());
    const items = screen.getAllByTestId('scenario-item');
    expect(items).toHaveLength(5);
    expect(within(items[0]).queryByTestId('starting-point')).toBeNull();

    // The same name again: the core refuses it; the builder says so by the name.
    await user.click(screen.getByRole('button', { name: 'Start from this' }));
    const again = await screen.findByRole('dialog', { name: 'New scenario' });
    const name2 = within(again).getByLabelText(/^Name/) as HTMLInputElement;
    await user.clear(name2);
    await user.type(name2, COPY);
    await user.click(within(again).getByRole('button', { name: 'Save scenario' }));
    expect(text(await within(again).findByText(/already exists/))).toContain(
      `A scenario named “${COPY}” already exists`,
    );
    expect(name2.getAttribute('aria-invalid')).toBe('true');
    await user.click(within(again).getByRole('button', { name: 'Cancel' }));

    const saved = recorded<Scenario>('sample', 'save_scenario', { scenario: sent });
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const confirm = await screen.findByRole('alertdialog');
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(core.state).toBe('scenario-deleted'));
    expect(fakeApi.deleteRecord).toHaveBeenCalledWith('scenario', saved.id);
    await waitFor(() => expect(screen.getAllByTestId('scenario-item')).toHaveLength(4));
    expect(text(screen.getByTestId('scenarios-announcement'))).toBe(`Scenario “${COPY}” deleted.`);
  });

  it('saves the scenario brief into the briefs folder, hypothetical and not recorded, and opens it', async () => {
    const user = await setup({ name: BIS });
    await screen.findByTestId('assumed');
    await user.click(screen.getByRole('button', { name: 'Scenario brief (PDF)' }));
    const dialog = await screen.findByRole('dialog', { name: 'Scenario brief' });
    expect(text(dialog)).toContain('HYPOTHETICAL');
    await user.click(within(dialog).getByRole('button', { name: 'Save to briefs folder' }));
    const done = await screen.findByTestId('scenario-brief-result');
    const path = recorded<string>('sample', 'generate_scenario_brief', {
      name: BIS,
      path: null,
      marking: 'CONFIDENTIAL — INTERNAL USE',
      asOf: null,
    });
    expect(text(done)).toBe(
      `Scenario brief saved to ${path} (hypothetical; not recorded, so it cannot be verified) Open`,
    );
    await user.click(within(done).getByRole('button', { name: 'Open' }));
    expect(fakeApi.openFile).toHaveBeenCalledWith(path);
  });

  it('with a company, lists only the scenarios that touch it', async () => {
    await setup({ company: 'deepseek' });
    expect(await screen.findAllByTestId('scenario-item')).toHaveLength(4);
    expect(text(screen.getByTestId('scenarios-filter'))).toBe('4 scenarios of 4. Show every scenario');
    expect(screen.getByRole('heading', { level: 2, name: 'Scenarios that touch DeepSeek' })).toBeTruthy();
  });

  it('with a company no scenario touches, says so', async () => {
    await setup({ company: 'huawei' });
    expect(text(await screen.findByTestId('scenarios-empty'))).toContain('No scenario touches Huawei yet.');
  });

  it('describes and matches changes without the core', () => {
    const ds = company('deepseek');
    const all = entries().map((e) => e.scenario);
    expect(all.every((s) => s.changes.some((c) => touches(c, ds)))).toBe(true);
    expect(all.some((s) => s.changes.some((c) => touches(c, company('huawei'))))).toBe(false);
    expect(describeChanges(all[2], () => 'DeepSeek')).toEqual([
      `${all[2].changes.length} cloud offering${all[2].changes.length === 1 ? '' : 's'} withdrawn`,
    ]);
  });
});

describe('the scenario builder', () => {
  const BUILT = 'Forced labour and a DeepSeek crackdown';
  const builtIn = (state: string) => entries(state).find((e) => e.scenario.name === BUILT)!.scenario;
  const ds = () => company('deepseek').data;

  beforeEach(async () => {
    resetApi();
    vocab.reset();
    await vocab.load();
  });

  it('says every kind of change in words, allegations numbered as briefs number them', () => {
    const built = builtIn('scenario-built');
    const d = ds();
    const register = recordedRead<Register>('sample', 'exposure', { asOf: null, vendor: null });
    const ctx: ChangeContext = {
      company: (id) => fixtures.portfolio.find((r) => r.summary.id === id)?.summary.display_name,
      allegation: (id) => {
        const i = d.allegations.findIndex((a) => a.id === id);
        return i < 0 ? undefined : { company: 'DeepSeek', number: i + 1, ...d.allegations[i] };
      },
      offering: (id) => {
        const o = d.cloud_offerings.find((x) => x.id === id);
        return o && { company: 'DeepSeek', ...o };
      },
      deployment: (id) => register.rows.find((r) => r.deployment.id === id)?.deployment,
    };
    expect(built.changes.map((c) => changeInWords(c, ctx))).toEqual([
      'SenseTime: Listed on the UFLPA Entity List from Jan 2027',
      `DeepSeek: allegation A2 (“${d.allegations[1].summary}”) alleged → confirmed`,
      'DeepSeek: United States — U.S. Congress: No DeepSeek on Government Devices Act enacted (government devices, Feb 2027)',
      'Withdrawn: Amazon · Amazon Bedrock (serverless; Invoke and Converse APIs) · DeepSeek-R1 (DeepSeek)',
      "Deployment “Developer coding assistant”: route Vendor's own service or app → Open weights, self-hosted, status Pilot → Production",
    ]);
    const none: ChangeContext = {
      company: () => undefined,
      allegation: () => undefined,
      offering: () => undefined,
      deployment: () => undefined,
    };
    expect(changeInWords({ kind: 'withdraw_offering', offering_id: NIL_ID }, none)).toBe(
      'A cloud offering not in the database withdrawn',
    );
    expect(
      changeInWords({ kind: 'change_deployment', deployment_id: NIL_ID, route: null, data: null, status: null }, none),
    ).toBe('A deployment not in the register: nothing changes');
  });

  it('assembles what the builder holds as the scenario JSON, and nothing more', () => {
    const built = builtIn('scenario-built');
    const draft = draftOf(built);
    expect(assemble(built, draft)).toEqual(built);
    expect(assemble(blankScenario(), { name: '  A name ', description: ' ', asOf: '', changes: [] })).toEqual({
      id: NIL_ID,
      name: 'A name',
      description: null,
      as_of: null,
      changes: [],
      updated_at: UNSTORED,
    });
  });

  it('edits a saved scenario: its changes named, one removed, saved under its id, run again', async () => {
    const user = await setup({ name: BUILT }, { state: 'scenario-built' });
    await screen.findByTestId('assumed');
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit scenario' });
    const words = await within(dialog).findAllByTestId('change-words');
    expect(words.map(text)[1]).toBe(`DeepSeek: allegation A2 (“${ds().allegations[1].summary}”) alleged → confirmed`);
    await user.click(within(dialog).getByRole('button', { name: /^Remove change 4: Withdrawn/ }));
    expect(within(dialog).getAllByTestId('change-words')).toHaveLength(4);
    expect(document.activeElement?.textContent).toMatch(/^Remove change 4: Deployment/);
    const asOf = within(dialog).getByLabelText(/^Assess as of/) as HTMLInputElement;
    await user.clear(asOf);
    await user.type(asOf, '2027-06-30');
    const description = within(dialog).getByLabelText(/^Description/) as HTMLTextAreaElement;
    await user.clear(description);
    await user.type(
      description,
      'SenseTime on the UFLPA list; DeepSeek restricted and an allegation confirmed, by mid-2027.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Save scenario' }));
    await waitFor(() => expect(core.state).toBe('scenario-edited'));
    const before = builtIn('scenario-built');
    expect(fakeApi.saveScenario.mock.calls[0][0]).toEqual({
      ...builtIn('scenario-edited'),
      updated_at: before.updated_at,
    });
    await waitFor(() => expect(fakeApi.runScenario).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(text(screen.getByTestId('run-as-of'))).toBe('Assessed as of 30 Jun 2027'));
  });

  it('shows the core’s refusals by the field they name: no change, a name already used', async () => {
    const user = await setup({}, { state: 'scenario-built' });
    await user.click(screen.getByRole('button', { name: 'New scenario' }));
    const dialog = await screen.findByRole('dialog', { name: 'New scenario' });
    const name = within(dialog).getByLabelText(/^Name/) as HTMLInputElement;
    await user.type(name, BUILT);
    await user.click(within(dialog).getByRole('button', { name: 'Save scenario' }));
    const refusal = recordedRefusal('scenario-built', 'save_scenario', {
      scenario: { ...blankScenario(), name: BUILT },
    });
    expect(refusal.field?.name).toBe('changes');
    const noChange = await within(dialog).findByText('A scenario assumes at least one change');
    expect(document.activeElement).toBe(noChange);
    expect(name.getAttribute('aria-invalid')).toBe('false');

    const editor = within(dialog).getByTestId('change-editor');
    await user.selectOptions(within(editor).getByLabelText('Company'), 'DeepSeek');
    await user.selectOptions(within(editor).getByLabelText('List'), 'bis_meu');
    await user.click(within(editor).getByRole('button', { name: 'Add change' }));
    expect(within(dialog).queryByText('A scenario assumes at least one change')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Save scenario' }));
    const taken = await within(dialog).findByText(`A scenario named “${BUILT}” already exists: choose another name.`);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toBe(taken.id);
    expect(document.activeElement).toBe(name);
    expect(core.state).toBe('scenario-built');
  });

  it('asks for what a change names, and a real date, before adding it', async () => {
    const user = await setup();
    await user.click(screen.getByRole('button', { name: 'New scenario' }));
    const dialog = await screen.findByRole('dialog', { name: 'New scenario' });
    const editor = within(dialog).getByTestId('change-editor');
    await user.click(within(editor).getByRole('button', { name: 'Add change' }));
    expect(text(within(editor).getByRole('alert'))).toBe('Choose a company.');
    await user.selectOptions(within(editor).getByLabelText('Company'), 'SenseTime');
    await user.type(within(editor).getByLabelText(/^From/), '2027-02-30');
    await user.click(within(editor).getByRole('button', { name: 'Add change' }));
    expect(text(within(editor).getByRole('alert'))).toContain('Use YYYY, YYYY-MM or YYYY-MM-DD');
    expect(within(dialog).getByTestId('builder-no-change')).toBeTruthy();
    await user.clear(within(editor).getByLabelText(/^From/));
    await user.type(within(editor).getByLabelText(/^From/), '2027-02{Enter}');
    expect(within(dialog).getAllByTestId('change-words').map(text)).toEqual([
      'SenseTime: Listed on the BIS Entity List from Feb 2027',
    ]);
    await user.selectOptions(within(editor).getByLabelText('Kind of change'), 'withdraw_offering');
    expect((within(editor).getByLabelText('Cloud offering') as HTMLSelectElement).disabled).toBe(true);
    await waitFor(() => expect(text(dialog)).toContain('No cloud offering of SenseTime is recorded'));
    expect(fakeApi.saveScenario).not.toHaveBeenCalled();
  });
});

describe('the company page', () => {
  beforeEach(async () => {
    resetApi();
    vocab.reset();
    await vocab.load();
  });

  it('links "What if…" to the scenarios that touch the company', async () => {
    render(Company, { slug: 'deepseek' });
    const link = await screen.findByTestId('what-if');
    expect(link.getAttribute('href')).toBe('#/scenarios?company=deepseek');
  });
});
