import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The agent clients the end-to-end tests run, pinned: npm package, version, and the bin it installs. */
export const CLIENT_PACKAGES = {
  codex: { pkg: '@openai/codex', version: '0.169.0', bin: 'codex' },
  gemini: { pkg: '@google/gemini-cli', version: '0.61.0', bin: 'gemini' },
  copilot: { pkg: '@github/copilot', version: '1.0.102', bin: 'copilot' },
  opencode: { pkg: 'opencode-ai', version: '1.18.33', bin: 'opencode' },
  qwen: { pkg: '@qwen-code/qwen-code', version: '0.24.4', bin: 'qwen' },
  cline: { pkg: 'cline', version: '3.0.65', bin: 'cline' },
} as const;
export type TestClient = keyof typeof CLIENT_PACKAGES;

/** A folder of the test cache kept between runs (a client's own caches: what it installs at its first start). */
export const testCacheDir = (name: string) => join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'agent-guard-tests', name);

const cacheDir = (client: TestClient) => join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'agent-guard-tests', `${client}-${CLIENT_PACKAGES[client].version}`);
const binaryIn = (client: TestClient) => join(cacheDir(client), 'node_modules', '.bin', CLIENT_PACKAGES[client].bin);
// A client's own install script must run (opencode-ai's postinstall puts its binary in place): npm
// hands its scripts npm_config_ignore_scripts=true (this project's .npmrc), and npm 11 runs a
// dependency's install script only where the project's allowScripts names it (ensureInstallFolder).
const installArgs = (client: TestClient) => ['install', '--ignore-scripts=false', '--no-audit', '--no-fund', '--no-save', '--prefix', cacheDir(client), spec(client)];
const spec = (client: TestClient) => `${CLIENT_PACKAGES[client].pkg}@${CLIENT_PACKAGES[client].version}`;

/** The cache folder as an npm project that allows the client's install script, and nothing else's. */
export function ensureInstallFolder(folder: string, packageSpec: string): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ private: true, allowScripts: { [packageSpec]: true } }) + '\n');
}
const pidFile = (client: TestClient) => join(cacheDir(client), 'install.pid');

/** Starts installing the client into the test cache in the background, if it is not there (the sequencer calls it). */
export function startClientInstall(client: TestClient): void {
  if (existsSync(binaryIn(client))) return;
  ensureInstallFolder(cacheDir(client), spec(client));
  const script = 'npm "$@" >"$0/install.log" 2>&1; rm -f "$0/install.pid"';
  const child = spawn('sh', ['-c', script, cacheDir(client), ...installArgs(client)], { detached: true, stdio: 'ignore' });
  writeFileSync(pidFile(client), String(child.pid));
  child.unref();
}

/**
 * The client's binary, installed once into ~/.cache/agent-guard-tests from the npm registry (waiting
 * for a background install under way); null where it cannot be had, with the reason in `why`.
 */
export function clientBinary(client: TestClient): { path: string | null; why: string } {
  const binary = binaryIn(client);
  if (!existsSync(binary)) waitForInstall(pidFile(client), 300_000);
  if (!existsSync(binary)) {
    ensureInstallFolder(cacheDir(client), spec(client));
    const install = spawnSync('npm', installArgs(client), { encoding: 'utf8', timeout: 300_000 });
    if (!existsSync(binary)) return { path: null, why: `npm install ${CLIENT_PACKAGES[client].pkg}@${CLIENT_PACKAGES[client].version} failed: ${(install.stderr || install.error?.message || '').trim().split('\n').at(-1)}` };
  }
  return { path: binary, why: '' };
}

/** Waits while the background install whose pid `pidPath` holds runs (10 minutes at most: a stale pid file may name a reused pid). */
export function waitForInstall(pidPath: string, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  const tick = new Int32Array(new SharedArrayBuffer(4));
  while (Date.now() < deadline) {
    try {
      if (Date.now() - statSync(pidPath).mtimeMs > 600_000) return;
      process.kill(Number(readFileSync(pidPath, 'utf8')), 0);
    } catch {
      return;
    }
    Atomics.wait(tick, 0, 0, 200);
  }
}
