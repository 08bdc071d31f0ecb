// `npm run bench -- --markdown`: this run's tables into docs/benchmarks.md. Each table carries the
// date, machine, node and git of the run that measured it; a run replaces the tables it measured
// (a full run, all of them) and keeps the others.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type } from 'node:os';

const HEADER = [
  '# Benchmarks',
  '',
  'Written by `npm run bench -- --markdown` (`node bench/run.mjs NAME --markdown` for one bench): a run',
  'replaces the tables it measured. Medians of interleaved runs (each command once per round, so a',
  "noisy machine drifts for all alike); a ratio is to the row's floor, measured in the same run.",
  "Compare ratios, not milliseconds: the machine's speed drifts from hour to hour.",
  '',
].join('\n');

export function writeMarkdown(tables, file) {
  const gitVersion = execFileSync('git', ['--version'], { encoding: 'utf8' }).trim().replace(/^git version /, '');
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, ${type()}`;
  const measured = `${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} · ${machine} · node ${process.version} · git ${gitVersion}`;
  const sections = new Map();
  if (existsSync(file)) {
    for (const section of readFileSync(file, 'utf8').split(/^(?=## )/m).slice(1)) sections.set(section.slice(3, section.indexOf('\n')), section.trimEnd() + '\n');
  }
  for (const { title, rows, notes } of tables) {
    const lines = [`## ${title}`, '', `Measured ${measured}.`, '', '| what | median | ratio to its floor | goal |', '|---|---:|---:|---|'];
    for (const row of rows) {
      const ratio = row.floor ? `${(row.ms / row.floor).toFixed(2)}×` : '';
      lines.push(`| ${row.name.replace(/\|/g, '\\|')} | ${row.ms.toFixed(1)} ms | ${ratio} | ${row.goal ?? ''} |`);
    }
    if (notes.length) lines.push('', ...notes);
    sections.set(title, lines.join('\n') + '\n');
  }
  writeFileSync(file, [HEADER, ...sections.values()].join('\n'));
}
