import { execFile } from 'node:child_process';
import { CLAIMS_REF, parseClaim, type Claim } from '../core/claims.js';
import { UsageError } from '../core/errors.js';
import { localBranchTip } from '../git/fs-refs.js';
import { parseCatFileBatch } from '../git/parse.js';
import { repoInfo } from '../git/repo.js';
import { git, gitBytes, GitError } from '../git/run.js';

/** The claims table as fetched: its tip commit (null: no table yet) and the claims in it. */
export interface ClaimsTable {
  tip: string | null;
  claims: Map<string, Claim>;
  /** Each claim file's blob, so an unchanged claim is written back as it was. */
  blobs: Map<string, string>;
}

export class RemoteUnreachable extends UsageError {}

/** Where this clone keeps the last fetched table (read by status and plan without the network). */
export const trackingRef = (remote: string) => `refs/agent-guard/claims-remote/${remote}`;

/** How long a fetch waits, in all, for another agent-guard of this clone to finish updating the tracking ref. */
const LOCKED_TRACKING_REF_MS = 3_000;

/** Fetches the claims ref from `remote` (one fetch) and reads it. */
export async function fetchClaims(root: string, remote: string): Promise<ClaimsTable> {
  for (let waited = 0; ; ) {
    try {
      await git(root, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', remote, `+${CLAIMS_REF}:${trackingRef(remote)}`], undefined, { GIT_TERMINAL_PROMPT: '0' });
      break;
    } catch (err) {
      if (!(err instanceof GitError)) throw err;
      // Another agent-guard in this clone (spawns run in parallel) is updating the same tracking ref:
      // the remote answered; fetch again in a moment.
      if (/cannot lock ref/i.test(err.stderr) && waited < LOCKED_TRACKING_REF_MS) {
        const pause = 20 + Math.random() * 80;
        await new Promise((resolve) => setTimeout(resolve, pause));
        waited += pause;
        continue;
      }
      if (/couldn't find remote ref/i.test(err.stderr)) {
        if (localBranchTip((await repoInfo(root)).gitDir, trackingRef(remote)) !== null) await git(root, ['update-ref', '-d', trackingRef(remote)]).catch(() => undefined);
        return { tip: null, claims: new Map(), blobs: new Map() };
      }
      throw new RemoteUnreachable(`agent-guard: the claims remote "${remote}" cannot be reached (${err.stderr.trim().split('\n').at(-1)}); nothing was changed. Run again when it is back, or pass --offline to spawn without a claim.`);
    }
  }
  return readTable(root, trackingRef(remote), remote);
}

/** The table at `ref` in this clone (as last fetched); empty when there is none. */
export async function readTable(root: string, ref: string, remote: string): Promise<ClaimsTable> {
  // agent-guard's own ref, always a commit it made: read from the ref files where they tell (no process).
  const fromFiles = localBranchTip((await repoInfo(root)).gitDir, ref);
  const tip = fromFiles !== undefined ? fromFiles : (await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => '')).trim() || null;
  if (!tip) return { tip: null, claims: new Map(), blobs: new Map() };
  const entries = (await git(root, ['ls-tree', '-z', tip])).split('\0').filter(Boolean);
  const claims = new Map<string, Claim>();
  const blobs = new Map<string, string>();
  const names: string[] = [];
  for (const entry of entries) {
    const [meta, name] = [entry.slice(0, entry.indexOf('\t')), entry.slice(entry.indexOf('\t') + 1)];
    const [, type, sha] = meta.split(' ');
    if (type !== 'blob' || !name.endsWith('.json')) throw notOurs(remote, `${name} is not a claim file`);
    blobs.set(name, sha!);
    names.push(name);
  }
  if (names.length) {
    const contents = parseCatFileBatch(await gitBytes(root, ['cat-file', '--batch'], names.map((n) => blobs.get(n)).join('\n') + '\n'), names);
    names.forEach((name, i) => {
      const claim = parseClaim(name, contents[i]?.content ?? '');
      if (typeof claim === 'string') throw notOurs(remote, claim);
      claims.set(claim.agent, claim);
    });
  }
  return { tip, claims, blobs };
}

function notOurs(remote: string, why: string): UsageError {
  return new UsageError(`agent-guard: ${CLAIMS_REF} on "${remote}" is not agent-guard's claims table: ${why}. agent-guard will not overwrite it; inspect it with git fetch ${remote} ${CLAIMS_REF} && git show FETCH_HEAD.`);
}

export type PushOutcome = 'ok' | 'raced';

/** git push with both outputs kept (a rejection is described on stdout with --porcelain). */
function pushOutput(root: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_NO_REPLACE_OBJECTS: '1' } }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * Writes `claims` as a new commit on top of the table's tip and pushes it *without* force, so the
 * remote takes it only if nobody moved the tip meanwhile (the compare-and-swap). 'raced' when the
 * push lost that race; any other rejection (a server hook, permissions) is an error, no retry.
 */
export async function pushClaims(root: string, remote: string, table: ClaimsTable, claims: Map<string, Claim>, message: string): Promise<PushOutcome> {
  const commit = await commitTable(root, table, claims, message);
  // --no-verify: this pushes agent-guard's own table, not code; the project's pre-push hooks (its
  // tests, agent-guard's scope check of the claim files) are not for it.
  const pushed = await pushOutput(root, ['push', '--porcelain', '--no-verify', remote, `${commit}:${CLAIMS_REF}`]);
  if (pushed.code !== 0) {
    // --porcelain reports each ref on stdout: `!\t<src>:<dst>\t[rejected] (fetch first)`.
    const text = `${pushed.stdout}\n${pushed.stderr}`;
    const raced = /\[rejected\][^\n]*\((fetch first|non-fast-forward|stale info)\)|cannot lock ref|failed to update ref|reference already exists/i.test(text);
    if (raced && !/hook declined|permission denied/i.test(text)) return 'raced';
    const why = text.split('\n').map((l) => l.trim()).filter((l) => l && !/^(To |Done$)/.test(l)).slice(-2).join(' ');
    throw new UsageError(`agent-guard: the claims remote "${remote}" refused the update: ${why}. Nothing was retried.`);
  }
  await git(root, ['update-ref', trackingRef(remote), commit]).catch(() => undefined);
  return 'ok';
}

/**
 * The table's next commit, made by one `git fast-import` (not hash-object, mktree and commit-tree:
 * three processes): a child of the tip holding exactly `claims`, an unchanged claim by its blob.
 * fast-import builds it on a branch of this process alone, reset before the end so that no ref is
 * written (no lock another agent-guard in this clone could hold); its sha comes back on stdout.
 */
async function commitTable(root: string, table: ClaimsTable, claims: Map<string, Claim>, message: string): Promise<string> {
  const scratch = `refs/agent-guard/next-claims-${process.pid}`;
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const stream = [
    `commit ${scratch}\nmark :1\ncommitter agent-guard <agent-guard@localhost> ${Math.floor(Date.now() / 1000)} +0000\n`,
    data(message),
    table.tip ? `from ${table.tip}\n` : '',
    'deleteall\n',
  ];
  for (const [agent, claim] of [...claims].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const name = `${agent}.json`; // agent names are [A-Za-z0-9._-]: no quoting
    const text = JSON.stringify(claim, null, 2) + '\n';
    const old = table.claims.get(agent);
    stream.push(old && JSON.stringify(old, null, 2) + '\n' === text ? `M 100644 ${table.blobs.get(name)!} ${name}\n` : `M 100644 inline ${name}\n${data(text)}`);
  }
  stream.push(`\nget-mark :1\nreset ${scratch}\n\ndone\n`);
  return (await git(root, ['fast-import', '--quiet', '--done'], stream.join(''))).trim();
}
