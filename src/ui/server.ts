import { spawn } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AGENT_NAME_PATTERN } from '../core/config-shape.js';
import { CLI_ENTRY } from '../io/package-files.js';
import { agentDiff, uiData, uiStatusData, type StatusJson, type UiData } from './data.js';
import { ChangeWatch } from './watch.js';

export interface UiOptions {
  mainRoot: string;
  commonDir: string;
  host: string;
  port: number;
  token: string;
  allowActions: boolean;
  /** The page's HTML (dist/ui.html, which the build makes from src/ui/page/). */
  page: string;
}

export interface UiServer {
  url: string;
  port: number;
  server: Server;
  /** Pages listening for events now. */
  listening(): number;
  close(): Promise<void>;
}

/** What `--allow-actions` lets the page run: the CLI's own commands, with an agent's name. */
export const ACTIONS: Record<string, (agent: string) => string[]> = {
  'merge-dry-run': (agent) => ['merge', agent, '--dry-run'],
  merge: (agent) => ['merge', agent],
  sync: (agent) => ['sync', agent],
  reset: (agent) => ['reset', agent],
  remove: (agent) => ['remove', agent],
};

/** Seconds between two looks for changes while a page listens; the data is made again only on a change (or every FULL_EVERY looks, for edits git's files do not show). */
const LOOK_EVERY_MS = 1_000;
const FULL_EVERY = 15;

/**
 * The local server of `agent-guard ui`: one page and the data behind it, pushed to the page as
 * server-sent events when the repository changes. Every request needs the token; a Host that is not
 * the bound address or a foreign Origin is refused (DNS rebinding, other pages in the browser);
 * nothing but these routes is served (no file is read from a request's path).
 */
export async function startUiServer(options: UiOptions): Promise<UiServer> {
  const listeners = new Set<ServerResponse>();
  let latest: UiData | null = null;
  let making: Promise<UiData> | null = null;
  const refresh = (known?: StatusJson) =>
    (making ??= uiData(options.mainRoot, known)
      .then((data) => {
        latest = data;
        // a remake leaves megabytes of garbage (git's outputs, the map): collected now, when `ui` runs
        // node with --expose-gc, the server's memory stays flat between remakes
        (globalThis as { gc?: () => void }).gc?.();
        return data;
      })
      .finally(() => {
        making = null;
      }));
  /**
   * Before the whole data exists: the cards alone (as fast as `status --json`), and the rest made
   * behind them and pushed to every page when it is ready.
   */
  const firstData = async (): Promise<UiData> => {
    if (latest) return latest;
    if (making) return making;
    const cards = await uiStatusData(options.mainRoot);
    if (!cards.ok) return cards;
    refresh(cards.status).then((data) => {
      for (const res of listeners) send(res, data);
    }, () => undefined);
    return cards;
  };
  const watch = new ChangeWatch(options.mainRoot, options.commonDir);
  let timer: NodeJS.Timeout | null = null;
  let looks = 0;
  const look = async () => {
    timer = null;
    if (listeners.size === 0) return;
    looks++;
    if (watch.changed() || looks % FULL_EVERY === 0) {
      const before = latest && JSON.stringify({ ...latest, at: '' });
      const data = await refresh().catch(() => null);
      if (data && JSON.stringify({ ...data, at: '' }) !== before) for (const res of listeners) send(res, data);
    }
    if (listeners.size > 0) timer = setTimeout(look, LOOK_EVERY_MS);
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) reply(res, 500, { error: err instanceof Error ? err.message : String(err) });
      else res.end();
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const address = server.address() as AddressInfo;
    const refused = refusal(req, options, address.port);
    if (refused) return reply(res, refused.status, { error: refused.why });
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      if (!options.allowActions) return reply(res, 403, { error: 'read-only: start agent-guard ui with --allow-actions to run merge, sync, reset or remove from the page' });
      if (req.method !== 'POST' || url.pathname !== '/api/action') return reply(res, 405, { error: 'only POST /api/action changes something' });
      return action(req, res);
    }
    switch (url.pathname) {
      case '/':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS });
        return res.end(options.page.replace('"__AGENT_GUARD_UI__"', JSON.stringify({ allowActions: options.allowActions })));
      case '/api/data':
        return reply(res, 200, latest ?? (await firstData()));
      case '/api/diff': {
        const name = url.searchParams.get('agent') ?? '';
        const diff = new RegExp(AGENT_NAME_PATTERN).test(name) ? await agentDiff(options.mainRoot, name) : null;
        return diff ? reply(res, 200, diff) : reply(res, 404, { error: `no agent named ${JSON.stringify(name)} in the config` });
      }
      case '/api/events': {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', ...SECURITY_HEADERS });
        res.write(': agent-guard\n\n');
        listeners.add(res);
        const beat = setInterval(() => res.write(': still here\n\n'), 15_000);
        req.on('close', () => {
          clearInterval(beat);
          listeners.delete(res);
        });
        send(res, latest ?? (await firstData()));
        watch.changed(); // the state just sent is the one to compare with
        if (!timer) timer = setTimeout(look, LOOK_EVERY_MS);
        return;
      }
      default:
        return reply(res, 404, { error: 'not found' });
    }
  };

  const action = async (req: IncomingMessage, res: ServerResponse) => {
    let body: { action?: unknown; agent?: unknown; confirm?: unknown };
    try {
      body = JSON.parse(await readBody(req, 10_000)) as typeof body;
    } catch {
      return reply(res, 400, { error: 'the body must be JSON: { "action", "agent", "confirm": true }' });
    }
    const make = typeof body.action === 'string' ? ACTIONS[body.action] : undefined;
    if (!make) return reply(res, 400, { error: `action must be one of ${Object.keys(ACTIONS).join(', ')}` });
    if (typeof body.agent !== 'string' || !new RegExp(AGENT_NAME_PATTERN).test(body.agent)) return reply(res, 400, { error: 'agent must be an agent name' });
    if (body.confirm !== true) return reply(res, 400, { error: 'confirm: true is required (the page asks first)' });
    const ran = await runCli(options.mainRoot, make(body.agent));
    reply(res, 200, ran);
    void refresh().then((data) => {
      for (const listener of listeners) send(listener, data);
    }).catch(() => undefined);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${options.token}`,
    port,
    server,
    listening: () => listeners.size,
    close: () =>
      new Promise((resolve) => {
        if (timer) clearTimeout(timer);
        for (const res of listeners) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer', 'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:" };

/** Why a request is refused before anything else (token, Host, Origin), or null. */
export function refusal(req: IncomingMessage, options: Pick<UiOptions, 'host' | 'token'>, port: number): { status: number; why: string } | null {
  const hosts = allowedHosts(options.host, port);
  if (!hosts.includes((req.headers.host ?? '').toLowerCase())) return { status: 403, why: 'this Host is not the address agent-guard ui is bound to' };
  const origin = req.headers.origin;
  if (origin !== undefined && !hosts.some((h) => origin.toLowerCase() === `http://${h}`)) return { status: 403, why: 'requests from other pages are refused' };
  const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
  const given = Buffer.from(token);
  const wanted = Buffer.from(options.token);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { status: 401, why: 'the token is missing or wrong: open the URL agent-guard ui printed' };
  return null;
}

function allowedHosts(host: string, port: number): string[] {
  const shown = host.includes(':') ? `[${host}]` : host;
  const hosts = [`${shown}:${port}`.toLowerCase()];
  if (host === '127.0.0.1' || host === '::1') hosts.push(`localhost:${port}`);
  return hosts;
}

function send(res: ServerResponse, data: UiData): void {
  res.write(`event: data\ndata: ${JSON.stringify(data)}\n\n`);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...SECURITY_HEADERS });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > limit) reject(new Error('too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** The CLI itself in a child process: the same code a person runs, its own signals and output. */
function runCli(cwd: string, args: string[]): Promise<{ command: string; exitCode: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (exitCode) => resolve({ command: `agent-guard ${args.join(' ')}`, exitCode, output }));
  });
}
