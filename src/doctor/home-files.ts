import { existsSync } from 'node:fs';
import type { Client } from '../core/clients.js';
import { readIfExists } from '../io/files.js';
import { duplicatedEntries, parseProblem, withoutDuplicateEntries, withoutDuplicateTables, type GuestFormat } from '../home/formats.js';
import { editGuestFile } from '../home/guest-file.js';
import { ownerGone, removeTrust, trustFile } from '../home/trust.js';
import { readTrustRecord } from '../home/trust-record.js';
import type { Finding } from './diagnose.js';

const OWNERS: Record<GuestFormat, string> = { codex: 'Codex', gemini: 'Gemini CLI', copilot: 'Copilot CLI' };
const FORMATS: readonly GuestFormat[] = ['codex', 'gemini', 'copilot'];

/** The clients' files agent-guard writes to: those its record names and those of the configured clients. */
function filesToCheck(commonDir: string, clients: readonly Client[], env: NodeJS.ProcessEnv): [string, GuestFormat][] {
  const files = new Map<string, GuestFormat>(Object.entries(readTrustRecord(commonDir)).map(([file, r]) => [file, r.format]));
  for (const format of FORMATS) if (clients.includes(format) && !files.has(trustFile(format, env))) files.set(trustFile(format, env), format);
  return [...files];
}

/** doctor's lines for each such file: it parses as its owner reads it, no entry twice, no trust left for a folder that is gone. */
export function homeFileFindings(commonDir: string, clients: readonly Client[], env: NodeJS.ProcessEnv = process.env): Finding[] {
  const findings: Finding[] = [];
  const record = readTrustRecord(commonDir);
  for (const [file, format] of filesToCheck(commonDir, clients, env)) {
    const text = readIfExists(file);
    if (text === null) continue;
    const problem = parseProblem(format, text);
    if (problem) {
      const repairable = format === 'codex' && parseProblem(format, withoutDuplicateTables(text)) === null;
      findings.push({
        ok: false,
        what: `${file}${problem.line ? ` line ${problem.line}` : ''} does not parse (${problem.message}): ${OWNERS[format]} cannot read it`,
        fix: repairable ? 'run `agent-guard doctor --fix` (it keeps one of each table written twice)' : `fix the file by hand; ${OWNERS[format]}'s own error names the same line`,
      });
      continue;
    }
    const twice = duplicatedEntries(format, text);
    if (twice.length) findings.push({ ok: false, what: `${file} holds ${twice.map((k) => JSON.stringify(k)).join(', ')} more than once`, fix: 'run `agent-guard doctor --fix` (it keeps the first)' });
    const gone = (record[file]?.entries ?? []).filter(ownerGone);
    if (gone.length) findings.push({ ok: false, what: `${file} still trusts ${[...new Set(gone.map((e) => e.owner))].join(', ')}, which no longer exist${gone.length === 1 ? 's' : ''}: a later folder there would be trusted unasked`, fix: 'run `agent-guard doctor --fix` (it takes out only what agent-guard added)' });
    if (!twice.length && !gone.length) findings.push({ ok: true, what: `${file} parses; ${OWNERS[format]}'s trust for this repository is written once each` });
  }
  return findings;
}

/** --fix: tables or entries written twice kept once, and agent-guard's trust in folders that are gone taken out. */
export async function fixHomeFiles(commonDir: string, clients: readonly Client[], env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const lines: string[] = [];
  for (const [file, format] of filesToCheck(commonDir, clients, env)) {
    if (!existsSync(file)) continue;
    const text = readIfExists(file) ?? '';
    const fixed = format === 'codex' ? withoutDuplicateTables(text) : withoutDuplicateEntries(format, text);
    if (fixed !== text && parseProblem(format, fixed) === null && duplicatedEntries(format, fixed).length === 0) {
      await editGuestFile(file, format, () => fixed, undefined, { repair: true });
      lines.push(`  fixed ${file}: each entry once`);
    }
  }
  lines.push(...(await removeTrust(commonDir, ownerGone)).map((l) => `  fixed ${l}`));
  return lines;
}
