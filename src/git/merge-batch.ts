import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GIT_ENV } from './run.js';

const SHA = /^[0-9a-f]{40,64}$/;

/**
 * Many `git merge-tree --write-tree` at once, from one sh process in two lanes (the machine this is
 * built for has two cores): a child forked from node costs node a copy of its page tables, one forked
 * from sh next to nothing. Each one's output in order (`clean`: exit 0; exit 1 means conflicts), or
 * null where git did not answer with a merge (anything else is left to the caller to run on its own).
 */
export async function mergeTreesAtOnce(root: string, pairs: readonly (readonly [string, string])[]): Promise<({ clean: boolean; out: string } | null)[]> {
  if (pairs.length === 0) return [];
  for (const [ours, theirs] of pairs) if (!SHA.test(ours) || !SHA.test(theirs)) throw new Error(`mergeTreesAtOnce: ${ours} ${theirs} are not commit ids`);
  const started = process.env.AGENT_GUARD_TRACE ? performance.now() : 0;
  const out = mkdtempSync(join(tmpdir(), 'agent-guard-merges-'));
  try {
    const merge = ([ours, theirs]: readonly [string, string], i: number) =>
      `git -C "$2" -c core.quotepath=off merge-tree --write-tree -z --messages ${ours} ${theirs} > "$1/${i}" 2>/dev/null; echo $? > "$1/${i}.code"`;
    const lanes = [0, 1].map((lane) => pairs.map((pair, i) => (i % 2 === lane ? merge(pair, i) : null)).filter((line) => line !== null));
    const script = `${lanes.filter((lane) => lane.length).map((lane) => `(\n${lane.join('\n')}\n) &`).join('\n')}\nwait\n`;
    await new Promise<void>((resolve, reject) => {
      execFile('/bin/sh', ['-c', script, 'sh', out, root], { env: { ...process.env, ...GIT_ENV } }, (err) => (err ? reject(err) : resolve()));
    });
    return pairs.map((_, i) => {
      try {
        const code = readFileSync(join(out, `${i}.code`), 'utf8').trim();
        const stdout = readFileSync(join(out, String(i)), 'utf8');
        return (code === '0' || code === '1') && SHA.test(stdout.split('\0')[0]!.trim()) ? { clean: code === '0', out: stdout } : null;
      } catch {
        return null;
      }
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
    if (started) for (const [ours, theirs] of pairs) process.stderr.write(`[trace] ${(performance.now() - started).toFixed(0).padStart(5)} ms  git merge-tree --write-tree ${ours} ${theirs} (one of ${pairs.length} from one sh)\n`);
  }
}
