/// <reference lib="dom" />
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { startCli } from '../helpers/background.js';
import { run } from '../helpers/cli.js';
import { tryGit } from '../helpers/hooks.js';

/**
 * The live page in a real browser: Chromium from the distribution's packages, driven by
 * playwright-core (no browser download). Ten agents, two of them at work; runs under
 * `npm run test:clients` (CI runs it too). Screenshots go to test-results/ui/.
 */
const CHROMIUM = [process.env.AGENT_GUARD_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => Boolean(p && existsSync(p)));
const enabled = process.env.AGENT_GUARD_CLIENT_TESTS === '1' && CHROMIUM !== undefined;
if (!enabled) console.log(CHROMIUM ? 'skipped: the browser test of agent-guard ui runs with npm run test:clients' : 'skipped: no Chromium (apt-get install chromium, or AGENT_GUARD_CHROMIUM=PATH)');

const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'ui');
const agents: Record<string, { scope: string[] }> = { orders: { scope: ['src/orders/**'] }, web: { scope: ['web/**'] }, docs: { scope: ['docs/**'] }, notes: { scope: ['docs/**/*.md'] } };
for (let i = 0; i < 6; i++) agents[`pkg${i}`] = { scope: [`packages/pkg${i}/**`] };

let repo: AgentRepo;
let browser: Browser;
let page: Page;
let server: ReturnType<typeof startCli>;

async function openUi(extra: string[] = []): Promise<string> {
  server = startCli(repo.path, ['ui', ...extra]);
  for (let i = 0; i < 400 && !/token=\S+/.test(server.output()); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  const url = /http:\/\/\S+token=\S+/.exec(server.output())?.[0];
  if (!url) throw new Error(`agent-guard ui printed no URL: ${server.output()}`);
  return url;
}

function commitIn(agent: string, file: string, content: string, noVerify = false) {
  const wt = repo.agentPath(agent);
  mkdirSync(join(wt, file, '..'), { recursive: true });
  writeFileSync(join(wt, file), content);
  tryGit(wt, ['add', '-A']);
  expect(tryGit(wt, ['commit', '-q', ...(noVerify ? ['--no-verify'] : []), '-m', `${agent}: ${file}`]).code).toBe(0);
}

describe.skipIf(!enabled)('agent-guard ui in a real browser', () => {
  beforeAll(async () => {
    const files: Record<string, string> = { 'docs/guide.md': 'guide\n', 'shared.txt': 'one\n' };
    for (let i = 0; i < 6; i++) files[`packages/pkg${i}/index.ts`] = `export const v = ${i};\n`;
    repo = makeAgentRepo({ agents, shared: ['shared.txt'] }, { files });
    for (const name of ['orders', 'web', 'docs']) expect(run(repo.path, ['spawn', name]).code).toBe(0);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGINT');
    await server?.exited;
    repo?.remove();
  });

  it('lists the agents, follows a commit live, marks a stray on the map, shows overlapping scopes, lights a conflicting pair, renders a diff; read-only refuses a merge', async () => {
    const url = await openUi();
    await page.goto(url);
    await page.waitForSelector('[data-agent="orders"]');
    expect(await page.locator('article[data-agent]').count()).toBe(10);
    // two scopes that can meet in a file not written yet (the map comes after the cards, as an event)
    await page.waitForSelector('[data-overlap-pair="docs notes"]', { timeout: 10_000 });
    expect(await page.locator('[data-overlap-pair="docs notes"]').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('docs/guide.md')]));

    // a commit in an agent's worktree reaches the page without a reload, within 2 s
    const before = await page.evaluate(() => document.body.dataset.updated);
    const committed = Date.now();
    commitIn('orders', 'src/orders/b.ts', 'export const b = 1;\n');
    await page.waitForSelector('[data-agent="orders"] [data-changed="1"]', { timeout: 2_000 });
    expect(Date.now() - committed).toBeLessThan(2_000);
    expect(await page.evaluate(() => document.body.dataset.updated)).not.toBe(before);

    // a change outside the scope (a commit past the hooks): the flag on the card, the mark on the map
    commitIn('web', 'src/orders/stray.ts', 'x\n', true);
    await page.waitForSelector('[data-agent="web"] [data-flag="STRAYED"]', { timeout: 5_000 });
    await page.click('[data-folder="src"]');
    await page.click('[data-folder="src/orders"]');
    expect(await page.locator('[data-path="src/orders"] [data-stray="web"]').textContent()).toContain('stray.ts');

    // two agents whose committed work conflicts: their cell in the grid
    commitIn('orders', 'shared.txt', 'orders\n');
    commitIn('web', 'shared.txt', 'web\n');
    await page.waitForSelector('td.conflict[data-pair="orders web"]', { timeout: 5_000 });
    await page.click('td.conflict[data-pair="orders web"] button');
    expect(await page.locator('#cell').textContent()).toContain('shared.txt');

    // the diff of an agent: its files, then the unified diff
    await page.click('[data-diff="orders"]');
    await page.waitForSelector('[data-diff-files="orders"]');
    expect(await page.locator('[data-diff-files="orders"]').textContent()).toContain('src/orders/b.ts');
    expect(await page.locator('[data-diff-text="orders"]').textContent()).toContain('+export const b = 1;');

    await page.screenshot({ path: join(SCREENSHOTS, 'ten-agents-light.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SCREENSHOTS, 'ten-agents-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    // read-only: the page has no action buttons, and the server refuses a merge
    expect(await page.locator('[data-action]').count()).toBe(0);
    const refused = await page.evaluate(async () => (await fetch(`/api/action${location.search}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'merge', agent: 'docs', confirm: true }) })).status);
    expect(refused).toBe(403);
    server.kill('SIGINT');
    expect(await server.exited).toBe(0);
  }, 90_000);

  it('with --allow-actions, a confirmed merge lands and its output is shown', async () => {
    commitIn('docs', 'docs/new.md', 'new\n');
    const url = await openUi(['--allow-actions']);
    await page.goto(url);
    await page.waitForSelector('[data-agent="docs"] [data-action="merge"]');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-agent="docs"] [data-action="merge"]');
    await page.waitForSelector('#action-out:not([hidden])', { timeout: 20_000 });
    expect(await page.locator('#action-text').textContent()).toContain('docs: merged into main');
    expect(tryGit(repo.path, ['log', '-1', '--format=%s', 'main']).stdout.trim()).toBe('Merge agent docs (agent/docs)');
    await page.waitForSelector('[data-agent="docs"] [data-flag="MERGED"]', { timeout: 5_000 });
  }, 60_000);

  it('keeps its layout with 50 agents: every card, no page wider than the window', async () => {
    const many: Record<string, { scope: string[] }> = { ...agents };
    for (let i = 0; i < 40; i++) many[`agent-with-a-long-name-${i}`] = { scope: [`area${i}/**`] };
    repo.config({ base: 'main', shared: ['shared.txt'], agents: many });
    await page.waitForFunction(() => document.querySelectorAll('article[data-agent]').length === 50, undefined, { timeout: 10_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'fifty-agents.png'), fullPage: true });
    server.kill('SIGINT');
    expect(await server.exited).toBe(0);
  }, 60_000);
});
