import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgentRepo, type AgentRepo } from '../helpers/agents.js';
import { startUiServer, type UiServer } from '../../src/ui/server.js';

const page = readFileSync(join(__dirname, '..', '..', 'dist', 'ui.html'), 'utf8');
const TOKEN = 'test-token-0123456789abcdef';

let repo: AgentRepo;
let ui: UiServer;
async function serve(allowActions = false, root?: string) {
  const path = root ?? repo.path;
  ui = await startUiServer({ mainRoot: path, commonDir: join(path, '.git'), host: '127.0.0.1', port: 0, token: TOKEN, allowActions, page });
}
beforeEach(async () => {
  repo = makeAgentRepo({}, { spawn: ['orders'] });
  await serve();
});
afterEach(async () => {
  await ui.close();
  repo.remove();
});

/** One request to the server, with the headers given (Host defaults to the bound address). */
function call(path: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: ui.port, path, method, headers: { host: `127.0.0.1:${ui.port}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: text, type: String(res.headers['content-type']) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('agent-guard ui: the server', () => {
  it('sends one page the build made whole: its stylesheet and script written in, nothing loaded from elsewhere, under 24 kB', () => {
    expect(page).toContain('<style>');
    expect(page).toContain('function renderMap(');
    expect(page).not.toMatch(/<link|<script src|https?:\/\//);
    expect(Buffer.byteLength(page)).toBeLessThan(24_000);
  });

  it('serves the page and the data of status, conflicts and plan with the token; refuses a wrong token, a foreign Host and a foreign Origin', async () => {
    const pageResponse = await call(`/?token=${TOKEN}`);
    expect(pageResponse.status).toBe(200);
    expect(pageResponse.body).toContain('{"allowActions":false}');
    // the cards come first (status alone), the rest once it is made
    let data = JSON.parse((await call(`/api/data?token=${TOKEN}`)).body);
    expect(data.ok).toBe(true);
    expect(data.status.agents.length).toBe(2);
    for (let i = 0; i < 200 && data.partial; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      data = JSON.parse((await call(`/api/data?token=${TOKEN}`)).body);
    }
    expect(data.status.agents.map((a: { name: string }) => a.name)).toEqual(['orders', 'web']);
    expect(data.plan.ok).toBe(true);
    expect(data.conflicts.conflicts).toEqual([]);
    expect(data.map.owners).toMatchObject({ orders: 1, web: 1 });
    expect((await call('/api/data?token=wrong')).status).toBe(401);
    expect((await call('/api/data')).status).toBe(401);
    expect((await call(`/api/data?token=${TOKEN}`, { headers: { host: 'evil.example:80' } })).status).toBe(403);
    expect((await call(`/api/data?token=${TOKEN}`, { headers: { host: `localhost:${ui.port}` } })).status).toBe(200);
    expect((await call(`/api/data?token=${TOKEN}`, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await call(`/api/data?token=${TOKEN}`, { headers: { origin: `http://127.0.0.1:${ui.port}` } })).status).toBe(200);
    // nothing but its routes: no file is served from a path
    expect((await call(`/../../etc/passwd?token=${TOKEN}`)).status).toBe(404);
    expect((await call(`/api/diff?agent=..%2F..&token=${TOKEN}`)).status).toBe(404);
    expect((await call(`/api/diff?agent=nobody&token=${TOKEN}`)).status).toBe(404);
  });

  it('refuses every request that changes something without --allow-actions (403), and runs a confirmed action with it', async () => {
    const body = JSON.stringify({ action: 'merge-dry-run', agent: 'orders', confirm: true });
    expect((await call(`/api/action?token=${TOKEN}`, { method: 'POST', body })).status).toBe(403);
    expect((await call(`/api/data?token=${TOKEN}`, { method: 'DELETE' })).status).toBe(403);
    await ui.close();
    await serve(true);
    expect((await call(`/api/action?token=${TOKEN}`, { method: 'POST', body: JSON.stringify({ action: 'merge', agent: 'orders' }) })).status).toBe(400); // not confirmed
    expect((await call(`/api/action?token=${TOKEN}`, { method: 'POST', body: JSON.stringify({ action: 'rm -rf', agent: 'orders', confirm: true }) })).status).toBe(400);
    const ran = await call(`/api/action?token=${TOKEN}`, { method: 'POST', body });
    expect(ran.status).toBe(200);
    expect(JSON.parse(ran.body)).toMatchObject({ command: 'agent-guard merge orders --dry-run', exitCode: 0 });
    expect(JSON.parse(ran.body).output).toContain('Forecast of the merge queue');
  });

  it('ends the event stream of a page that goes away: 100 connects and disconnects leave no listener', async () => {
    for (let i = 0; i < 100; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: ui.port, path: `/api/events?token=${TOKEN}`, headers: { host: `127.0.0.1:${ui.port}` } }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(err)));
        req.end();
      });
    }
    for (let i = 0; i < 50 && ui.listening() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ui.listening()).toBe(0);
    const open = await new Promise<number>((resolve) => ui.server.getConnections((_, n) => resolve(n)));
    expect(open).toBe(0);
  });

  it('in a repository without agent-guard, the data says what to run and the server stays up', async () => {
    await ui.close();
    const bare = makeAgentRepo({}, {});
    const { rmSync } = await import('node:fs');
    rmSync(join(bare.path, 'agent-guard.config.json'));
    await serve(false, bare.path);
    const data = JSON.parse((await call(`/api/data?token=${TOKEN}`)).body);
    expect(data.ok).toBe(false);
    expect(data.message).toContain('npx agent-guard init');
    expect((await call(`/?token=${TOKEN}`)).status).toBe(200);
    bare.remove();
  });
});

describe('agent-guard ui: the command', () => {
  it('exits 2 naming a port in use; warns when it listens beyond this machine', async () => {
    const { createServer } = await import('node:net');
    const { spawnSync } = await import('node:child_process');
    const { startCli } = await import('../helpers/background.js');
    const { CLI } = await import('../helpers/cli.js');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const busy = spawnSync(process.execPath, [CLI, 'ui', '--port', String(port)], { cwd: repo.path, encoding: 'utf8', timeout: 20_000 });
    taken.close();
    expect(busy.status).toBe(2);
    expect(busy.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
    expect(spawnSync(process.execPath, [CLI, 'ui', '--port', 'http'], { cwd: repo.path, encoding: 'utf8', timeout: 20_000 }).status).toBe(2);

    const wide = startCli(repo.path, ['ui', '--host', '0.0.0.0']);
    for (let i = 0; i < 200 && !wide.output().includes('token='); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(wide.output()).toContain('warning: agent-guard ui listens on 0.0.0.0, not only on this machine');
    expect(wide.output()).toMatch(/http:\/\/0\.0\.0\.0:\d+\/\?token=[\w-]{32}/);
    wide.kill('SIGINT');
    expect(await wide.exited).toBe(0);
  });

  // xdg-open is the opener on Linux (macOS: open)
  it.skipIf(process.platform !== 'linux')('--open hands the URL with its token to the desktop opener; without one it says to open the URL by hand', async () => {
    const { mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync } = await import('node:fs');
    const { execFileSync } = await import('node:child_process');
    const { tmpdir } = await import('node:os');
    const { startCli } = await import('../helpers/background.js');
    const bin = mkdtempSync(join(tmpdir(), 'ag-opener-'));
    const opened = join(bin, 'opened');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`, { mode: 0o755 });
    const served = startCli(repo.path, ['ui', '--open'], { PATH: `${bin}:${process.env.PATH}` });
    for (let i = 0; i < 200 && !existsSync(opened); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}/.exec(served.output())?.[0];
    expect(url, served.output()).toBeDefined();
    expect(readFileSync(opened, 'utf8')).toBe(url);
    served.kill('SIGINT');
    expect(await served.exited).toBe(0);

    // no opener on PATH (git only): the page still serves, and stderr says what to do
    const bare = mkdtempSync(join(tmpdir(), 'ag-no-opener-'));
    symlinkSync(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim(), join(bare, 'git'));
    const alone = startCli(repo.path, ['ui', '--open'], { PATH: bare });
    for (let i = 0; i < 200 && !alone.output().includes('could not open a browser'); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(alone.output()).toContain('agent-guard ui: could not open a browser (xdg-open); open the URL above.');
    alone.kill('SIGINT');
    expect(await alone.exited).toBe(0);
    rmSync(bin, { recursive: true, force: true });
    rmSync(bare, { recursive: true, force: true });
  });
});
