import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../io/package-root.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { Config } from '../core/config.js';
import type { Manifest } from '../core/manifest.js';
import { renderTemplate } from '../core/template.js';

/** The agent's readable copy of its assignment, `.agent-guard/scope.md` (CLAUDE.md imports it). */
export function writeScopeFile(worktree: string, manifest: Manifest, config: Config, branch: string): void {
  const template = readFileSync(join(packageRoot, 'templates', 'scope.md'), 'utf8');
  const text = renderTemplate(template, {
    AGENT: manifest.agent,
    BRANCH: branch,
    BASE: manifest.base,
    TASK: manifest.task ?? 'No task was written down; ask the human if it is unclear.',
    SCOPE: manifest.scope.map((g) => `- \`${g}\``).join('\n'),
    SHARED: config.shared.length ? `\nShared files any agent may change: ${config.shared.map((g) => `\`${g}\``).join(', ')}.\n` : '',
  });
  writeFileAtomic(join(worktree, '.agent-guard', 'scope.md'), text);
}
