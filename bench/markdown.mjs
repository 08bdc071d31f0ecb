// `npm run bench -- --markdown`: the tables of this run as docs/benchmarks.md, replacing the file.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem, type } from 'node:os';

export function writeMarkdown(tables, file) {
  const gitVersion = execFileSync('git', ['--version'], { encoding: 'utf8' }).trim().replace(/^git version /, '');
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, ${type()}`;
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench -- --markdown`; each run replaces this file. Medians of interleaved',
    'runs (each command once per round, so a noisy machine drifts for all alike); a ratio is to the',
    "row's floor, measured in the same run. Compare ratios, not milliseconds: the machine's speed",
    'drifts from hour to hour.',
    '',
    `- date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- machine: ${machine}`,
    `- node ${process.version}, git ${gitVersion}`,
    '',
  ];
  for (const { title, rows, notes } of tables) {
    lines.push(`## ${title}`, '', '| what | median | ratio to its floor | goal |', '|---|---:|---:|---|');
    for (const row of rows) {
      const ratio = row.floor ? `${(row.ms / row.floor).toFixed(2)}×` : '';
      lines.push(`| ${row.name.replace(/\|/g, '\\|')} | ${row.ms.toFixed(1)} ms | ${ratio} | ${row.goal ?? ''} |`);
    }
    if (notes.length) lines.push('', ...notes);
    lines.push('');
  }
  writeFileSync(file, lines.join('\n'));
}
