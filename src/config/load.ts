import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CONFIG_FILES, PACKAGE_JSON_KEY, noConfigError, validateConfig, type LoadedConfig } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import type { ParsedConfigCache } from './policy-cache.js';

/**
 * Loads the config from the working tree at `root` (the repository root), searching CONFIG_FILES in
 * order. With a cache, a YAML or JS/TS file whose text was loaded from the base ref before is not
 * parsed or run again (only a ref's config is remembered: a JS file on disk may import others).
 */
export async function loadConfig(root: string, cache?: ParsedConfigCache): Promise<LoadedConfig> {
  for (const file of CONFIG_FILES) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    const content = readFileSync(path, 'utf8');
    const raw = cache?.parsedConfig(file, content)?.raw ?? (await parseConfigText(file, content, path, path));
    if (raw === undefined) continue;
    return { config: validateConfig(raw, file), file, source: { kind: 'worktree' } };
  }
  throw noConfigError(root);
}

/**
 * Loads the config as committed at `ref`, from that ref's files (never the working tree): what CI
 * trusts. With a cache, a YAML or JS/TS config whose text was loaded before is not parsed or run
 * again (what is remembered passed validation, so it is plain data).
 */
export async function loadConfigAtRef(ref: string, filesAtRef: ReadonlyMap<string, string>, cache?: ParsedConfigCache): Promise<LoadedConfig> {
  for (const file of CONFIG_FILES) {
    const content = filesAtRef.get(file);
    if (content === undefined) continue;
    const cached = cache?.parsedConfig(file, content);
    const raw = cached ? cached.raw : await parseConfigText(file, content, `${ref}:${file}`, null);
    if (raw === undefined) continue;
    const config = validateConfig(raw, `${file} (at ${ref})`);
    if (!cached && !file.endsWith('.json')) cache?.rememberParsedConfig(file, content, raw);
    return { config, file, source: { kind: 'ref', ref } };
  }
  throw noConfigError(`${ref} (the base ref)`);
}

/**
 * The parsed document, or undefined for a package.json without the agent-guard key.
 * `diskPath` is null when the content came from a git ref rather than a file on disk.
 */
async function parseConfigText(file: string, content: string, shownAs: string, diskPath: string | null): Promise<unknown> {
  if (file === 'package.json') {
    const pkg = parseJson(content, shownAs);
    return typeof pkg === 'object' && pkg !== null ? (pkg as Record<string, unknown>)[PACKAGE_JSON_KEY] : undefined;
  }
  if (file.endsWith('.json')) return parseJson(content, shownAs);
  return parseWithCosmiconfig(file, content, shownAs, diskPath);
}

function parseJson(content: string, shownAs: string): unknown {
  try {
    return JSON.parse(content);
  } catch (err) {
    throw new UsageError(`agent-guard: ${shownAs} is not valid JSON: ${(err as Error).message}. Fix the file and run again.`);
  }
}

/** YAML, JS and TS go through cosmiconfig's own loaders (loaded lazily: the JSON path stays light). */
async function parseWithCosmiconfig(file: string, content: string, shownAs: string, diskPath: string | null): Promise<unknown> {
  const { defaultLoaders } = await import('cosmiconfig');
  const ext = /\.(ya?ml|[cm]?js|ts)$/.exec(file)?.[0] ?? 'noExt';
  const loader = defaultLoaders[ext as keyof typeof defaultLoaders];
  const isCode = /\.([cm]?js|ts)$/.test(file);
  // Code configs read from a ref are written to a private temp dir so the loader can import them.
  const tempDir = isCode && diskPath === null ? mkdtempSync(join(tmpdir(), 'agent-guard-')) : null;
  const path = tempDir ? join(tempDir, basename(file)) : (diskPath ?? file);
  try {
    if (tempDir) writeFileSync(path, content);
    return await loader(path, content);
  } catch (err) {
    const kind = isCode ? 'could not be loaded' : 'is not valid YAML';
    throw new UsageError(`agent-guard: ${shownAs} ${kind}: ${firstLine((err as Error).message)}. Fix the file and run again.`);
  } finally {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
