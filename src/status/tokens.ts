import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { attentionPath } from './attention.js';
import { sessionsPath, usagePath } from './sessions.js';
import { addClineMessages, addSignals, emptySignals, repeatedFailure, type SignalTally, type TranscriptLine } from './session-signals.js';

/** Tokens an agent's sessions used, as its client recorded them. */
export interface Tokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** How far a transcript was read, and what it held up to there (the next look reads only new lines). */
interface TranscriptTally extends Tokens {
  offset: number;
  /** The last message ids counted: Claude Code writes one line per content block, the usage repeated. */
  recent: string[];
  models: Record<string, Tokens>;
  signals: SignalTally;
  /** Codex's rollout: its token counts are cumulative, so the last one stands (with the model of its turn). */
  cumulative?: { model: string; tokens: Tokens };
  codexModel?: string;
  /** Gemini CLI's chat log: each message by id, the last line of an id standing (it writes each twice). */
  byId?: Record<string, { model: string; tokens: Tokens }>;
  /** A record written whole each time (Cline's session file): when it was read. */
  mtimeMs?: number;
}

/** What an agent's sessions say: tokens, and the restart signals. */
export interface SessionRecord {
  tokens: Tokens;
  byModel: Record<string, Tokens>;
  unreadable: string[];
  /** The human's prompts after each session's first. */
  corrections: number;
  /** Failure counts summed over the sessions ("command: …" / "test: …"). */
  failures: Record<string, number>;
}

const tallyPath = (gitDir: string) => join(gitDir, 'agent-guard', 'tokens.json');
const zero = (): Tokens => ({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });

/**
 * The tokens of every Claude Code session of this worktree (the transcripts its SessionStart and
 * attention hooks named), read incrementally: each transcript from where the last look stopped, whole
 * lines only (a line still being written waits), each message counted once. A transcript that
 * shrank was rotated or rewritten: it is read again from the start. `unreadable` names what could
 * not be read. Null when no session is known.
 */
export function sessionTokens(gitDir: string): SessionRecord | null {
  const transcripts = knownTranscripts(gitDir);
  if (transcripts.length === 0) return null;
  let tallies: Record<string, TranscriptTally> = {};
  try {
    const saved = JSON.parse(readFileSync(tallyPath(gitDir), 'utf8')) as { version?: number; transcripts?: Record<string, TranscriptTally> };
    if (saved.version === TALLY_VERSION) tallies = saved.transcripts ?? {};
  } catch {
    // none yet, or damaged: read everything again
  }
  const tokens = zero();
  const byModel: Record<string, Tokens> = {};
  const unreadable: string[] = [];
  let corrections = 0;
  const failures: Record<string, number> = {};
  let changed = false;
  for (const path of transcripts) {
    let tally = tallies[path];
    let size: number;
    let mtimeMs: number | undefined;
    try {
      ({ size, mtimeMs } = statSync(path));
    } catch {
      if (!tally) continue; // a session that never wrote: nothing to count
      unreadable.push(`${path} is gone (counted as it was)`);
      size = tally.offset;
    }
    if (path.endsWith('.json')) {
      // a document rewritten whole (Cline's session file, and its messages beside it): read again whenever either changed
      try {
        const messages = statSync(path.replace(/\.json$/, '.messages.json'));
        if (mtimeMs !== undefined) mtimeMs = Math.max(mtimeMs, messages.mtimeMs);
        size += messages.size;
      } catch {
        // no messages yet
      }
      if (mtimeMs !== undefined && (!tally || tally.mtimeMs !== mtimeMs || tally.offset !== size)) {
        tally = readDocument(path, size, mtimeMs, unreadable, tally);
        changed = true;
      }
      if (!tally) continue;
    } else {
      if (!tally || size < tally.offset) tally = { ...zero(), offset: 0, recent: [], models: {}, signals: emptySignals() };
      if (size > tally.offset) {
        tally = readNew(path, tally, size, unreadable);
        changed = true;
      }
    }
    tallies[path] = tally;
    const counted: [string, Tokens][] = [...(tally.cumulative ? [[tally.cumulative.model, tally.cumulative.tokens] as [string, Tokens]] : []), ...Object.values(tally.byId ?? {}).map((m) => [m.model, m.tokens] as [string, Tokens])];
    for (const [model, used] of counted) {
      const sum = (byModel[model] ??= zero());
      for (const key of ['input', 'output', 'cacheRead', 'cacheWrite'] as const) {
        tokens[key] += used[key];
        sum[key] += used[key];
      }
    }
    for (const key of ['input', 'output', 'cacheRead', 'cacheWrite'] as const) tokens[key] += tally[key];
    corrections += Math.max(0, tally.signals.prompts - 1);
    for (const [key, n] of Object.entries(tally.signals.failures)) failures[key] = (failures[key] ?? 0) + n;
    for (const [model, used] of Object.entries(tally.models)) {
      const sum = (byModel[model] ??= zero());
      for (const key of ['input', 'output', 'cacheRead', 'cacheWrite'] as const) sum[key] += used[key];
    }
  }
  if (changed) {
    try {
      writeFileAtomic(tallyPath(gitDir), JSON.stringify({ version: TALLY_VERSION, transcripts: tallies }));
    } catch {
      // a read-only git dir: the next look reads again
    }
  }
  return { tokens, byModel, unreadable, corrections, failures };
}

/** The tally file's shape; another version is read again from the transcripts' start. */
const TALLY_VERSION = 4;

/** The first failing command or test of the sessions seen `times` times or more, or null. */
export const circlingFailure = (record: SessionRecord, times: number) => repeatedFailure(record.failures, times);

/** The transcripts this worktree's sessions wrote, as the hooks recorded them. */
function knownTranscripts(gitDir: string): string[] {
  const paths = new Set<string>();
  const take = (text: string) => {
    try {
      const event = JSON.parse(text) as { transcript_path?: unknown; event?: { transcriptPath?: unknown } | null };
      if (typeof event.transcript_path === 'string') paths.add(event.transcript_path);
      // Copilot CLI's agentStop, as its hook wraps it
      if (typeof event.event?.transcriptPath === 'string') paths.add(event.event.transcriptPath);
    } catch {
      // a line cut short: not a session
    }
  };
  try {
    for (const line of readFileSync(sessionsPath(gitDir), 'utf8').split('\n')) if (line.trim()) take(line);
  } catch {
    // no session started with the hook yet
  }
  try {
    take(readFileSync(attentionPath(gitDir), 'utf8'));
  } catch {
    // no attention event
  }
  if (existsSync(usagePath(gitDir))) paths.add(usagePath(gitDir));
  return [...paths];
}

function readNew(path: string, tally: TranscriptTally, size: number, unreadable: string[]): TranscriptTally {
  const next: TranscriptTally = { ...tally, recent: [...tally.recent], models: structuredClone(tally.models), signals: structuredClone(tally.signals), ...(tally.byId && { byId: { ...tally.byId } }) };
  const length = size - tally.offset;
  const buffer = Buffer.alloc(length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, length, tally.offset);
  } finally {
    closeSync(fd);
  }
  const text = buffer.toString('utf8');
  const whole = text.lastIndexOf('\n') + 1; // a last line without its newline is still being written
  for (const line of text.slice(0, whole).split('\n')) {
    if (!line.trim()) continue;
    let entry: TranscriptLine & { message?: { id?: unknown; model?: unknown; usage?: Record<string, unknown> } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      unreadable.push(`${path}: a line that is not JSON was skipped`);
      continue;
    }
    addSignals(next.signals, entry);
    otherClients(next, entry as OtherClientLine);
    const usage = entry.message?.usage;
    if (entry.type !== 'assistant' || !usage || typeof entry.message?.id !== 'string') continue;
    if (next.recent.includes(entry.message.id)) continue;
    next.recent = [...next.recent.slice(-49), entry.message.id];
    const used = {
      input: numberOf(usage.input_tokens),
      output: numberOf(usage.output_tokens),
      cacheRead: numberOf(usage.cache_read_input_tokens),
      cacheWrite: numberOf(usage.cache_creation_input_tokens),
    };
    const model = typeof entry.message.model === 'string' ? entry.message.model : 'unknown';
    const sum = (next.models[model] ??= zero());
    for (const key of ['input', 'output', 'cacheRead', 'cacheWrite'] as const) {
      next[key] += used[key];
      sum[key] += used[key];
    }
  }
  next.offset = tally.offset + Buffer.byteLength(text.slice(0, whole));
  return next;
}

/**
 * Cline's session file (`<sessions>/<id>/<id>.json`, rewritten whole as the session goes): its
 * `metadata.aggregateUsage` is the session's total so far, its sub-agents' included (input includes
 * the cached part); the model is the session's. Its messages, beside it (`<id>.messages.json`), give
 * the prompts and the failing commands.
 */
function readDocument(path: string, size: number, mtimeMs: number, unreadable: string[], previous: TranscriptTally | undefined): TranscriptTally {
  const tally: TranscriptTally = { ...zero(), offset: size, mtimeMs, recent: [], models: {}, signals: emptySignals() };
  let doc: { metadata?: { usage?: Record<string, unknown> | null; aggregateUsage?: Record<string, unknown> | null } | null; model?: unknown };
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as typeof doc;
  } catch {
    unreadable.push(`${path}: not a whole JSON document (being written?); counted as last read, read again next time`);
    return { ...(previous ?? tally), mtimeMs: undefined };
  }
  try {
    const messages = JSON.parse(readFileSync(path.replace(/\.json$/, '.messages.json'), 'utf8')) as { messages?: unknown };
    addClineMessages(tally.signals, messages?.messages);
  } catch {
    // no messages yet, or caught mid-write: the signals come with the next look
  }
  const usage = doc?.metadata?.aggregateUsage ?? doc?.metadata?.usage;
  if (usage && typeof usage === 'object') {
    const cached = numberOf(usage.cacheReadTokens);
    tally.cumulative = { model: typeof doc.model === 'string' ? doc.model : 'unknown', tokens: { input: Math.max(0, numberOf(usage.inputTokens) - cached), output: numberOf(usage.outputTokens), cacheRead: cached, cacheWrite: numberOf(usage.cacheWriteTokens) } };
  }
  return tally;
}

/** A line of Codex's rollout or Gemini CLI's chat log, as far as tokens go. */
interface OtherClientLine {
  type?: unknown;
  id?: unknown;
  uuid?: unknown;
  usageMetadata?: Record<string, unknown>;
  model?: unknown;
  /** Gemini CLI's per-message counts, or agent-guard's own usage line's four. */
  tokens?: Record<string, unknown>;
  payload?: { type?: unknown; model?: unknown; info?: { total_token_usage?: Record<string, unknown> } | null };
  /** Copilot CLI's events: `session.usage_record` carries one model call's usage. */
  data?: { usage?: Record<string, unknown> | null } | null;
}

/**
 * agent-guard's own usage lines (OpenCode's plugin: already split into the four counts), Codex's
 * cumulative token counts (input includes the cached part), Gemini CLI's per-message tokens,
 * Qwen Code's per-response usage (Gemini's shape: input includes the cached part; thoughts are output)
 * and Copilot CLI's usage record of each model call (input includes the cached part).
 */
function otherClients(next: TranscriptTally, entry: OtherClientLine): void {
  if (entry.type === 'turn_context' && typeof entry.payload?.model === 'string') next.codexModel = entry.payload.model;
  const total = entry.type === 'event_msg' && entry.payload?.type === 'token_count' ? entry.payload.info?.total_token_usage : undefined;
  if (total) {
    const cached = numberOf(total.cached_input_tokens);
    next.cumulative = { model: next.codexModel ?? 'unknown', tokens: { input: Math.max(0, numberOf(total.input_tokens) - cached), output: numberOf(total.output_tokens), cacheRead: cached, cacheWrite: numberOf(total.cache_write_input_tokens) } };
  }
  if (entry.type === 'gemini' && typeof entry.id === 'string' && entry.tokens && typeof entry.tokens === 'object') {
    const t = entry.tokens;
    const cached = numberOf(t.cached);
    (next.byId ??= {})[entry.id] = { model: typeof entry.model === 'string' ? entry.model : 'unknown', tokens: { input: Math.max(0, numberOf(t.input) - cached), output: numberOf(t.output) + numberOf(t.thoughts), cacheRead: cached, cacheWrite: 0 } };
  }
  const u = entry.type === 'assistant' && typeof entry.uuid === 'string' ? entry.usageMetadata : undefined;
  if (u && typeof u === 'object') {
    const cached = numberOf(u.cachedContentTokenCount);
    (next.byId ??= {})[entry.uuid as string] = { model: typeof entry.model === 'string' ? entry.model : 'unknown', tokens: { input: Math.max(0, numberOf(u.promptTokenCount) - cached), output: numberOf(u.candidatesTokenCount) + numberOf(u.thoughtsTokenCount), cacheRead: cached, cacheWrite: 0 } };
  }
  if (entry.type === 'agent-guard.usage' && typeof entry.id === 'string' && entry.tokens && typeof entry.tokens === 'object') {
    const t = entry.tokens;
    (next.byId ??= {})[entry.id] = { model: typeof entry.model === 'string' ? entry.model : 'unknown', tokens: { input: numberOf(t.input), output: numberOf(t.output), cacheRead: numberOf(t.cacheRead), cacheWrite: numberOf(t.cacheWrite) } };
  }
  const call = entry.type === 'session.usage_record' ? entry.data?.usage : undefined;
  if (call && typeof call === 'object') {
    const cached = numberOf(call.cacheReadTokens);
    const id = typeof call.apiCallId === 'string' ? call.apiCallId : typeof entry.id === 'string' ? entry.id : `call ${Object.keys(next.byId ?? {}).length}`;
    (next.byId ??= {})[id] = { model: typeof call.model === 'string' ? call.model : 'unknown', tokens: { input: Math.max(0, numberOf(call.inputTokens) - cached), output: numberOf(call.outputTokens), cacheRead: cached, cacheWrite: numberOf(call.cacheWriteTokens) } };
  }
}

const numberOf = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
