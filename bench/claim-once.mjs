// One claim, as spawn makes it, timed inside the process: node bench/claim-once.mjs NAME GLOB
// Prints JSON { ms, retries } on stdout.
import { claimScope, claimsContext } from '../dist/claims/service.js';
import { loadConfig } from '../dist/config/load.js';
import { repoInfo } from '../dist/git/repo.js';

const [name, glob] = process.argv.slice(2);
const repo = await repoInfo(process.cwd());
const { config } = await loadConfig(repo.root);
const ctx = await claimsContext(repo.root, repo.gitDir, config);
const start = performance.now();
const result = await claimScope(ctx, name, [glob], `agent/${name}`, false);
const ms = performance.now() - start;
const retries = Number(/after (\d+) retries/.exec(result.lines.join(' '))?.[1] ?? 0);
process.stdout.write(JSON.stringify({ ms, retries, exitCode: result.exitCode }) + '\n');
