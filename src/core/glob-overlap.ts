import type * as Refa from 'refa';
import { requireLazily } from '../io/lazy-require.js';
import type { Config } from './config.js';
import { protectedGlobs } from './policy.js';
import { compileGlobs, compileScope, type GlobToRegex, type PathTest } from './scope.js';

/**
 * Whether two agents' scopes can match one path — a file that exists or one not written yet — decided
 * on the globs themselves: each glob's regular language (micromatch's regex, read by refa, a
 * maintained regex/automaton library) intersected with the other agent's, minus both agents' `!`
 * globs, the protected globs and `shared` (meant to be written by every agent), within the paths git
 * can hold (no empty, `.` or `..` segment). An overlap comes with a witness path, checked with the
 * scopes as micromatch compiled them; where the automata cannot decide exactly, the answer says so.
 */
export interface AgentGlobs {
  name: string;
  scope: readonly string[];
  /** The agent's compiled scope (positive globs minus `!` globs), micromatch's own answer. */
  test: PathTest;
}

export type GlobVerdict = { agents: [string, string]; witness: string } | { agents: [string, string]; undecided: string };

/** The micromatch assertions refa cannot build automata from, and what they only exclude: `.`/`..` segments and empty ones (outside every git path). */
const PATH_ONLY_ASSERTIONS = [/\(\?!\\\.\{1,2\}\(\?:\\\/\|\$\)\)/g, /\(\?!\(\?:\^\|\\\/\)\\\.\{1,2\}\(\?:\\\/\|\$\)\)/g, /\(\?=\.\)/g];
const SEGMENT = '(?:[^/.][^/]*|\\.[^/.][^/]*|\\.\\.[^/]+)';
const GIT_PATH = new RegExp(`^(?:${SEGMENT}/)*${SEGMENT}$`, 's');
// a witness a person reads easily: segments that start with a letter or digit, where one exists
const READABLE = /^(?:[a-z0-9][^/]*\/)*[a-z0-9][^/]*$/s;

/** The leading plain segments of a glob ('' when it can match from the root). */
function literalPrefix(glob: string): string {
  const segments = glob.split('/');
  const plain = segments.findIndex((s) => /[*?[\]{}()!+@\\]/.test(s));
  return plain < 0 ? glob : segments.slice(0, plain).join('/');
}

/** Whether globs with these prefixes can match one path (one prefix is the other's, segment by segment). */
function prefixesMeet(a: string, b: string): boolean {
  if (a === '' || b === '') return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long === short || long.startsWith(`${short}/`);
}

interface Compiled {
  nfa: Refa.NFA;
  /** The regex had assertions beyond the path-only ones: its automaton is wider than the glob. */
  wider: boolean;
}

/**
 * The glob overlaps between every pair of agents (in name order), each found only where a pair of
 * their positive globs can meet by their literal prefixes (`src/**` and `web/**` never load an
 * automaton). `excluded` are the globs no agent's scope holds for this purpose: protected and shared.
 */
export function globOverlaps(agents: readonly AgentGlobs[], excluded: readonly string[], toRegex: GlobToRegex, isExcluded: PathTest, involving?: string, memo?: OverlapMemo): GlobVerdict[] {
  const sorted = [...agents].sort((a, b) => (a.name < b.name ? -1 : 1));
  const candidates: [AgentGlobs, AgentGlobs, [string, string][]][] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i]!;
      const b = sorted[j]!;
      if (involving !== undefined && a.name !== involving && b.name !== involving) continue;
      const pairs: [string, string][] = [];
      for (const ga of positive(a.scope)) for (const gb of positive(b.scope)) if (prefixesMeet(literalPrefix(ga), literalPrefix(gb))) pairs.push([ga, gb]);
      if (pairs.length) candidates.push([a, b, pairs]);
    }
  }
  if (candidates.length === 0) return [];
  let automata: Automata | undefined; // refa loads only for a pair no earlier run decided
  const verdicts: GlobVerdict[] = [];
  const excludedOf = (agent: AgentGlobs) => [...agent.scope.filter((g) => g.startsWith('!')).map((g) => g.slice(1)), ...excluded];
  for (const [a, b, pairs] of candidates) {
    const key = JSON.stringify([a.scope, b.scope, excluded]);
    let verdict = memo?.get(key);
    const check = (path: string) => a.test(path) && b.test(path) && !isExcluded(path);
    if (verdict === undefined) {
      // a path written from the globs themselves settles most overlaps without an automaton
      const witness = pairs.flatMap(([ga, gb]) => samplePaths(ga, gb)).find(check);
      verdict = witness !== undefined ? { witness } : (automata ??= new Automata(toRegex)).overlap(pairs, [...new Set([...excludedOf(a), ...excludedOf(b)])], check);
      memo?.set(key, verdict);
    }
    if (verdict) verdicts.push({ agents: [a.name, b.name], ...verdict });
  }
  return verdicts;
}

/** Decided pairs kept between runs (by both scopes and the excluded globs): a verdict never changes for the same globs. */
export interface OverlapMemo {
  get(key: string): PairVerdict | undefined;
  set(key: string, verdict: PairVerdict): void;
}

export type PairVerdict = { witness: string } | { undecided: string } | null;

/** The glob overlaps of the config's agents (`names`, or all; only the pairs with `involving`, if given), protected and shared paths left out. */
export function configGlobOverlaps(config: Config, configFile: string, toRegex: GlobToRegex, names: readonly string[] = Object.keys(config.agents), involving?: string, memo?: OverlapMemo): GlobVerdict[] {
  const excluded = [...protectedGlobs(config, configFile), ...config.shared];
  // compiled only where a witness is checked: most runs decide every pair by prefixes or the memo
  const lazily = (compile: () => PathTest): PathTest => {
    let test: PathTest | undefined;
    return (path) => (test ??= compile())(path);
  };
  const agents = names.map((name) => ({ name, scope: config.agents[name]!.scope, test: lazily(() => compileScope(config.agents[name]!.scope, toRegex)) }));
  return globOverlaps(agents, excluded, toRegex, lazily(() => compileGlobs(excluded, toRegex)), involving, memo);
}

/**
 * Paths written from two globs: each glob with its wildcards filled in (`**` dropped or `a`, `*` and
 * `?` as `a`, the first of each brace, class and extglob alternative), and each one's tail under the
 * other's literal folder (`pkg0/**` and `**\/NOTES.md` give `pkg0/NOTES.md`). Only candidates: the
 * caller keeps one that both scopes match.
 */
export function samplePaths(ga: string, gb: string): string[] {
  const fill = (glob: string, star: string) =>
    glob
      .replace(/\{([^{},]*),[^{}]*\}/g, '$1')
      .replace(/[@+*?]\(([^|()]*)(?:\|[^()]*)?\)/g, '$1')
      .replace(/!\([^()]*\)/g, 'zz')
      .replace(/\[!^][^\]]*\]/g, 'zz')
      .replace(/\[(\\?.)[^\]]*\]/g, '$1')
      .replace(/(^|\/)\*\*\//g, '$1')
      .replace(/\*\*/g, star)
      .replace(/\*/g, star)
      .replace(/\?/g, 'a')
      .replace(/\\(.)/g, '$1');
  const tail = (glob: string) => glob.replace(/^(\*\*\/)+/, '').split('/').slice(literalPrefix(glob) === '' ? 0 : literalPrefix(glob).split('/').length).join('/');
  const under = (prefix: string, rest: string) => (prefix === '' ? rest : rest === '' ? prefix : `${prefix}/${rest}`);
  const out = new Set<string>();
  for (const star of ['a', '']) {
    out.add(fill(ga, star));
    out.add(fill(gb, star));
    out.add(under(literalPrefix(gb), fill(tail(ga), star)));
    out.add(under(literalPrefix(ga), fill(tail(gb), star)));
    out.add(under(literalPrefix(gb), fill(ga, star)));
    out.add(under(literalPrefix(ga), fill(gb, star)));
  }
  return [...out].filter((p) => p !== '' && !p.split('/').some((seg) => seg === '' || seg === '.' || seg === '..'));
}

const positive = (scope: readonly string[]) => scope.filter((g) => !g.startsWith('!'));

class Automata {
  private readonly refa = requireLazily('refa') as typeof Refa;
  private readonly globs = new Map<string, Compiled | Error>();
  private readonly complements = new Map<string, { dfa: Refa.DFA; wider: boolean } | null | Error>();
  private readonly gitPath = this.fromRegex(GIT_PATH).nfa;
  private readonly readable = this.fromRegex(READABLE).nfa;

  constructor(private readonly toRegex: GlobToRegex) {}

  overlap(pairs: [string, string][], excluded: string[], check: PathTest): PairVerdict {
    const { NFA, DFA } = this.refa;
    let undecided: string | null = null;
    const exclusion = this.complementOf(excluded);
    for (const [ga, gb] of pairs) {
      const a = this.glob(ga);
      const b = this.glob(gb);
      if (a instanceof Error || b instanceof Error || exclusion instanceof Error) {
        undecided = `${[a, b, exclusion].find((x) => x instanceof Error)!.message}`;
        continue;
      }
      const both = NFA.fromIntersection(NFA.fromIntersection(a.nfa, b.nfa), this.gitPath);
      if (both.isEmpty) {
        if (a.wider || b.wider) undecided ??= `${a.wider ? ga : gb} has syntax whose exact language agent-guard cannot compute`;
        continue;
      }
      const left = exclusion === null ? both : DFA.fromIntersection(DFA.fromFA(both), exclusion.dfa);
      if (left.isEmpty) {
        if (a.wider || b.wider || exclusion?.wider) undecided ??= 'an excluding glob has syntax whose exact language agent-guard cannot compute';
        continue;
      }
      const witness = this.witnessOf(left, check);
      if (witness !== null) return { witness };
      undecided ??= `${ga} and ${gb} may meet, but no path agent-guard tried matches both scopes`;
    }
    return undecided === null ? null : { undecided };
  }

  /** A path the automaton accepts that micromatch agrees both scopes hold: a readable one first. */
  private witnessOf(fa: Refa.NFA | Refa.DFA, check: PathTest): string | null {
    const { NFA, DFA, Words } = this.refa;
    const tries = [NFA.fromIntersection(fa instanceof DFA ? NFA.fromFA(fa) : fa, this.readable), fa];
    for (const automaton of tries) {
      let n = 0;
      for (const set of automaton.wordSets()) {
        const word = Words.fromUTF16ToString(Words.pickMostReadableWord(set));
        if (check(word)) return word;
        if (++n >= 20) break;
      }
    }
    return null;
  }

  private glob(glob: string): Compiled | Error {
    let compiled = this.globs.get(glob);
    if (!compiled) {
      try {
        compiled = this.fromRegex(new RegExp(this.toRegex(glob), 's'));
      } catch (err) {
        compiled = new Error(`${glob}: ${err instanceof Error ? err.message : String(err)}`);
      }
      this.globs.set(glob, compiled);
    }
    return compiled;
  }

  /** The paths none of `globs` match, as a DFA (null: nothing is excluded). */
  private complementOf(globs: string[]): { dfa: Refa.DFA; wider: boolean } | null | Error {
    const key = [...globs].sort().join('\0');
    if (!this.complements.has(key)) this.complements.set(key, this.complementOfNew(globs));
    return this.complements.get(key)!;
  }

  private complementOfNew(globs: string[]): { dfa: Refa.DFA; wider: boolean } | null | Error {
    if (globs.length === 0) return null;
    const { NFA, DFA } = this.refa;
    const parts = globs.map((g) => this.glob(g));
    const failed = parts.find((p): p is Error => p instanceof Error);
    if (failed) return failed;
    const compiled = parts as Compiled[];
    const union = NFA.empty({ maxCharacter: 0xffff });
    for (const part of compiled) union.union(part.nfa);
    const dfa = DFA.fromFA(union);
    dfa.complement();
    return { dfa, wider: compiled.some((p) => p.wider) };
  }

  private fromRegex(regex: RegExp): Compiled {
    const { JS, NFA } = this.refa;
    let source = regex.source;
    for (const pattern of PATH_ONLY_ASSERTIONS) source = source.replace(pattern, '');
    const wider = /\(\?<?[=!]/.test(source);
    const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags: regex.flags }).parse({ assertions: 'ignore', backreferences: 'disable' });
    return { nfa: NFA.fromRegex(expression, { maxCharacter }), wider };
  }
}
