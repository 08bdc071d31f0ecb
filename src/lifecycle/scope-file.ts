import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../io/package-root.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { Config } from '../core/config.js';
import type { Manifest } from '../core/manifest.js';
import type { PortBlock } from '../core/ports.js';
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
    ENVIRONMENT: manifest.ports ? portsSection(manifest.ports) : '',
  });
  writeFileAtomic(join(worktree, '.agent-guard', 'scope.md'), text);
}

function portsSection({ from, size }: PortBlock): string {
  const last = from + size - 1;
  return (
    `\n## Your ports\n\nYour dev server port is ${from}${size > 1 ? `; ports ${from}-${last} are yours alone` : ', yours alone'}. Start every server ` +
    'you need (dev server, test server, database) on them, never on a default port: other agents run theirs beside you. ' +
    '`. .agent-guard/env` sets PORT, AGENT_GUARD_PORT, AGENT_GUARD_PORTS and COMPOSE_PROJECT_NAME.\n'
  );
}
