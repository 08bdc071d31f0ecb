import type { Config } from './config.js';
import { compileGlobs, globsOf, isFolderGlob, type GlobToRegex, type PathTest } from './scope.js';

/**
 * For messages: which agents' scopes claim a path (so a refusal can say who owns the file). A
 * refusal may list 20,000 paths in a few hundred folders, so the answer is worked out per folder:
 * for most globs the folder alone decides (`pkg3/**` holds every file under pkg3/, `docs/*.md` none
 * under src/), and only the globs a folder leaves open are tested per path. Same answers as testing
 * every agent's whole scope (the unit tests compare the two).
 */
export function compileOwners(config: Config, toRegex: GlobToRegex): (path: string) => string[] {
  let lookup: ((path: string) => string[]) | null = null; // built on first use: only refusals need it
  return (path) => (lookup ??= ownersLookup(config, toRegex))(path);
}

function ownersLookup(config: Config, toRegex: GlobToRegex): (path: string) => string[] {
  const agents: Agent[] = Object.entries(config.agents).map(([name, agent]) => ({ name, include: agent.scope.filter((g) => !g.startsWith('!')).map(globRule), exclude: globsOf(agent.scope.filter((g) => g.startsWith('!'))).map(globRule) }));
  const tests = new Map<string, PathTest>();
  const testOf = (globs: string[]) => {
    const key = globs.join('\0');
    let test = tests.get(key);
    if (!test) tests.set(key, (test = compileGlobs(globs, toRegex)));
    return test;
  };
  // Only agents with a glob starting in a folder's first folder (or with no literal start) can own
  // files there; top-level files are asked of every agent.
  const anywhere = agents.filter((agent) => agent.include.some((rule) => rule.first === null));
  const byFirst = new Map<string, Agent[]>();
  for (const agent of agents) for (const rule of agent.include) if (rule.first !== null) byFirst.set(rule.first, [...(byFirst.get(rule.first) ?? []), agent]);
  const candidates = (first: string) => {
    const named = new Set([...(byFirst.get(first) ?? []), ...anywhere]);
    return agents.filter((agent) => named.has(agent));
  };
  const folders = new Map<string, FolderOwners>();
  // Refusals come sorted by path: the folder of the last path is usually this one's (no slice, no lookup).
  let lastFolder: string | null = null;
  let last: FolderOwners | null = null;
  return (path) => {
    const slash = path.lastIndexOf('/');
    let owners: FolderOwners;
    if (last !== null && slash === lastFolder!.length && (slash < 0 || path.startsWith(lastFolder!))) owners = last;
    else {
      const folder = slash < 0 ? '' : path.slice(0, slash);
      let found = folders.get(folder);
      if (!found) {
        const first = folder.indexOf('/') < 0 ? folder : folder.slice(0, folder.indexOf('/'));
        found = ownersOfFolder(folder === '' ? agents : candidates(first), folder, toRegex, testOf);
        folders.set(folder, found);
      }
      lastFolder = folder;
      owners = last = found;
    }
    if (owners.entries !== null) {
      const found: string[] = [];
      for (const [name, test] of owners.entries) if (test === true || test(path)) found.push(name);
      return found;
    }
    return owners.open === null || !owners.open(path) ? owners.without : owners.with;
  };
}

/**
 * One folder's owners. Where the folder decides for every agent: `without`. Where it leaves one
 * agent open: `with` or `without` it, by that agent's `open` test. Else every entry, per path.
 */
interface FolderOwners {
  without: string[];
  with: string[];
  open: PathTest | null;
  entries: [string, true | PathTest][] | null;
}

/** What a folder says of a glob for the files directly in it: all match, none does, or test each. */
type Answer = 'all' | 'none' | 'test';

interface GlobRule {
  glob: string;
  /** The glob's first folder when it is plain text, else null (for a top-level name: itself). */
  first: string | null;
  answer(folder: string, toRegex: GlobToRegex): Answer;
}

interface Agent {
  name: string;
  include: GlobRule[];
  exclude: GlobRule[];
}

function ownersOfFolder(agents: Agent[], folder: string, toRegex: GlobToRegex, testOf: (globs: string[]) => PathTest): FolderOwners {
  const entries: [string, true | PathTest][] = [];
  for (const agent of agents) {
    const include = agent.include.map((rule) => [rule.glob, rule.answer(folder, toRegex)] as const);
    const exclude = agent.exclude.map((rule) => [rule.glob, rule.answer(folder, toRegex)] as const);
    const includesAll = include.some(([, a]) => a === 'all');
    if ((!includesAll && !include.some(([, a]) => a === 'test')) || exclude.some(([, a]) => a === 'all')) continue;
    const openInclude = include.filter(([, a]) => a === 'test').map(([g]) => g);
    const openExclude = exclude.filter(([, a]) => a === 'test').map(([g]) => g);
    if (includesAll && openExclude.length === 0) {
      entries.push([agent.name, true]);
      continue;
    }
    const included = includesAll ? null : testOf(openInclude);
    const excluded = openExclude.length ? testOf(openExclude) : null;
    entries.push([agent.name, (path) => (included === null || included(path)) && (excluded === null || !excluded(path))]);
  }
  const tests = entries.filter(([, test]) => test !== true) as [string, PathTest][];
  if (tests.length === 0) return { without: entries.map(([name]) => name), with: [], open: null, entries: null };
  if (tests.length > 1) return { without: [], with: [], open: null, entries };
  // one agent open (the common case): two shared answers, no array per path
  return { without: entries.filter(([, test]) => test === true).map(([name]) => name), with: entries.map(([name]) => name), open: tests[0]![1], entries: null };
}

const GLOB_SYNTAX = /[*?[\]{}()!+@\\]/;
/** A segment that `*` and `?` alone make a pattern of, and no `**`: it matches within one segment. */
const SIMPLE_SEGMENT = /^(?:[^*?[\]{}()!+@\\/]|\*(?!\*)|\?)+$/;

function globRule(glob: string): GlobRule {
  const segments = glob.split('/');
  const first = segments[0] !== '' && segments[0] !== '.' && segments[0] !== '..' && !GLOB_SYNTAX.test(segments[0]!) ? segments[0]! : null;
  // `a/b/**` (plain folders): every file under a/b/, and a/b itself.
  if (isFolderGlob(glob)) {
    const folder = glob.slice(0, -3);
    const parent = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '';
    return { glob, first, answer: (dir) => (dir === folder || dir.startsWith(`${folder}/`) ? 'all' : dir === parent ? 'test' : 'none') };
  }
  // `pkg*/**`, `a/*/b/**`: the first k segments decide; the glob's own regex answers for them, asked
  // about a file below them. A folder of fewer segments is left to the per-path test.
  const k = segments.length - 1;
  if (segments[k] === '**' && k > 0 && segments.slice(0, k).every((s) => SIMPLE_SEGMENT.test(s) && s !== '.' && s !== '..')) {
    let regex: RegExp | null = null;
    return {
      glob,
      first,
      answer: (dir, toRegex) => {
        const parts = dir === '' ? [] : dir.split('/');
        if (parts.length < k) return 'test';
        regex ??= new RegExp(toRegex(glob), 's');
        return regex.test(`${parts.slice(0, k).join('/')}/x`) ? 'all' : 'none';
      },
    };
  }
  // Otherwise the literal folders it starts with: a folder elsewhere holds no match.
  const literal: string[] = [];
  for (const s of segments.slice(0, -1)) {
    if (s === '' || s === '.' || s === '..' || GLOB_SYNTAX.test(s)) break;
    literal.push(s);
  }
  return {
    glob,
    first,
    answer: (dir) => {
      if (literal.length === 0) return 'test';
      const parts = dir === '' ? [] : dir.split('/');
      if (parts.length < literal.length) return 'test';
      return literal.every((s, i) => parts[i] === s) ? 'test' : 'none';
    },
  };
}
