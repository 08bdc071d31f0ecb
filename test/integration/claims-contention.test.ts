import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { makeClaimsRemote, type ClaimsRemote } from '../helpers/claims-remote.js';

// Clones of one bare remote claiming at the same moment (a file of its own: it mostly waits on
// backoff, so the other test worker can run meanwhile).
let claims: ClaimsRemote;
beforeEach(() => {
  claims = makeClaimsRemote();
});
afterEach(() => claims.remove());

const clone = (name: string) => claims.clone(name);
const remoteClaimFiles = () => claims.claimFiles();

describe('contention: many clones claiming at once', () => {
  const spawnIn = (path: string, name: string, scope: string) =>
    new Promise<number>((resolve) =>
      spawn(process.execPath, [CLI, 'spawn', name, '--scope', scope], { cwd: path, env: cleanEnv(), stdio: 'ignore' }).on('exit', (code) => resolve(code ?? -1)),
    );

  it('8 clones with one overlapping scope: exactly one claim wins; 8 disjoint scopes: all 8 land', async () => {
    const clones = Array.from({ length: 8 }, (_, i) => clone(`c${i}`));
    const codes = await Promise.all(clones.map((c, i) => spawnIn(c.path, `hot${i}`, 'src/shared/**')));
    expect(codes.filter((code) => code === 0)).toHaveLength(1);
    expect(codes.filter((code) => code === 1)).toHaveLength(7);
    expect(remoteClaimFiles()).toHaveLength(1);
    const disjoint = await Promise.all(clones.map((c, i) => spawnIn(c.path, `own${i}`, `pkg${i}/**`)));
    expect(disjoint).toEqual(Array(8).fill(0));
    expect(remoteClaimFiles().filter((f) => f.startsWith('own'))).toHaveLength(8);
  }, 120_000);
});
