import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const configDir = mkdtempSync(join(tmpdir(), 'ag-gitconfig-'));
const globalConfig = join(configDir, 'gitconfig');
// No auto-maintenance: otherwise every commit, merge, fetch and push starts one more git process.
writeFileSync(globalConfig, '[maintenance]\n\tauto = false\n[gc]\n\tauto = 0\n[receive]\n\tautogc = false\n');

/**
 * The environment every test child process runs in: no developer git config, no CI variables
 * from the machine running the tests (CI=true is set on the CI runner), no agent identity. And no
 * NODE_EXTRA_CA_CERTS: node reads that whole CA bundle at every start (~40 ms here, on each of the
 * suite's ~600 node processes), and no test child talks TLS.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // Built once per worker: reading process.env key by key costs ~1 ms, on each of ~1,500 child processes.
  base ??= Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(CI|GITHUB_.*|AGENT_GUARD_.*|GIT_.*|HUSKY.*|NO_COLOR|FORCE_COLOR|NODE_EXTRA_CA_CERTS)$/.test(key)));
  return { ...base, GIT_CONFIG_GLOBAL: globalConfig, GIT_CONFIG_NOSYSTEM: '1', ...extra };
}

let base: NodeJS.ProcessEnv | undefined;
