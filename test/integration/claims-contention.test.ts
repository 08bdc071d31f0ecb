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
  const errors: string[] = [];
  const spawnIn = (path: string, name: string, scope: string) =>
    new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'spawn', name, '--scope', scope], { cwd: path, env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('exit', (code) => {
        if (code === 2) errors.push(`${name}: ${stderr}`);
        resolve(code ?? -1);
      });
    });

  it('6 spawns at once, from 3 clones wanting one scope and from one clone 3 disjoint ones: exactly one of the 3 wins, the other 3 all land', async () => {
    const clones = Array.from({ length: 4 }, (_, i) => clone(`c${i}`));
    // own3..own5 run side by side in the same clone: they share its tracking ref and its config file
    const codes = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => (i < 3 ? spawnIn(clones[i]!.path, `hot${i}`, 'src/shared/**') : spawnIn(clones[3]!.path, `own${i}`, `pkg${i}/**`))));
    expect(codes.slice(0, 3).filter((code) => code === 0)).toHaveLength(1);
    expect(codes.slice(0, 3).filter((code) => code === 1)).toHaveLength(2);
    expect(codes.slice(3), errors.join('\n')).toEqual([0, 0, 0]);
    const files = remoteClaimFiles();
    expect(files.filter((f) => f.startsWith('hot'))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('own')).sort()).toEqual(['own3.json', 'own4.json', 'own5.json']);
  }, 120_000);
});
