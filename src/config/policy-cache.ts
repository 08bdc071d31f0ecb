import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { globsOf, micromatchSource, type GlobToRegex } from '../core/scope.js';

/**
 * What the hooks remember between runs, in this worktree's private git dir: the config files of the
 * base commit (keyed by its sha, so a moved base is a miss), a YAML or JS/TS config as parsed (keyed
 * by its text: loading TypeScript to read an agent-guard.config.ts costs a second per commit), and
 * micromatch's regex per glob (so a hook need not load micromatch). Anything odd in the file is a
 * miss, never an error.
 */
interface CacheFile {
  version: 1;
  configAt?: { commit: string; files: Record<string, string> };
  /** YAML or JS/TS configs as their loader returned them, for each file's exact text (newest first, a few). */
  parsedConfigs?: { file: string; content: string; raw: unknown }[];
  globs: Record<string, string>;
}

/** Where a config that takes a loader (YAML, JS, TS) is remembered once parsed or run. */
export interface ParsedConfigCache {
  parsedConfig(file: string, content: string): { raw: unknown } | null;
  rememberParsedConfig(file: string, content: string, raw: unknown): void;
}

export class PolicyCache implements ParsedConfigCache {
  private data: CacheFile;
  private dirty = false;

  constructor(private readonly path: string) {
    this.data = readCache(path);
  }

  static forGitDir(gitDir: string): PolicyCache {
    return new PolicyCache(join(gitDir, 'agent-guard', 'cache.json'));
  }

  configFilesAt(commit: string): Map<string, string> | null {
    const at = this.data.configAt;
    return at && at.commit === commit ? new Map(Object.entries(at.files)) : null;
  }

  rememberConfigFiles(commit: string, files: ReadonlyMap<string, string>): void {
    this.data.configAt = { commit, files: Object.fromEntries(files) };
    this.dirty = true;
  }

  parsedConfig(file: string, content: string): { raw: unknown } | null {
    const parsed = this.parsedConfigs().find((p) => p.file === file && p.content === content);
    return parsed && parsed.raw !== undefined ? { raw: parsed.raw } : null;
  }

  /** Keeps the last few texts: an agent's edited copy and the base's own both stay remembered. */
  rememberParsedConfig(file: string, content: string, raw: unknown): void {
    const others = this.parsedConfigs().filter((p) => !(p.file === file && p.content === content));
    this.data.parsedConfigs = [{ file, content, raw }, ...others].slice(0, 4);
    this.dirty = true;
  }

  private parsedConfigs(): NonNullable<CacheFile['parsedConfigs']> {
    return Array.isArray(this.data.parsedConfigs) ? this.data.parsedConfigs : [];
  }

  /** Compiles the globs of these lists that are not cached yet; micromatch loads only if one is missing. */
  async prepare(lists: readonly (readonly string[])[]): Promise<void> {
    const missing = lists.flatMap(globsOf).filter((glob) => typeof this.data.globs[glob] !== 'string');
    if (missing.length === 0) return;
    const { default: micromatch } = await import('micromatch');
    for (const glob of missing) this.data.globs[glob] = micromatchSource(micromatch, glob);
    this.dirty = true;
  }

  /** The cached regex of a glob that `prepare` has seen. */
  readonly toRegex: GlobToRegex = (glob) => {
    const known = this.data.globs[glob];
    if (typeof known !== 'string') throw new Error(`agent-guard: glob ${JSON.stringify(glob)} was not prepared`);
    return known;
  };

  /** Writes the cache if it changed: temp file + rename, so a concurrent reader never sees half a file. */
  save(): void {
    if (!this.dirty) return;
    try {
      mkdirSync(join(this.path, '..'), { recursive: true });
      const temp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(this.data));
      renameSync(temp, this.path);
      this.dirty = false;
    } catch {
      // a cache that cannot be written only costs speed
    }
  }
}

function readCache(path: string): CacheFile {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    if (data.version === 1 && typeof data.globs === 'object' && data.globs !== null) return data;
  } catch {
    // missing or damaged: start empty
  }
  return { version: 1, globs: {} };
}
