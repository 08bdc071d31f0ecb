import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILES } from '../core/config.js';

/**
 * Whether anything the page shows may have changed since the last look, from file times alone (no
 * git process, no read of a file's content): refs and HEADs, the indexes of the main checkout and
 * every worktree (a commit, a stage, a checkout), agent-guard's files in each worktree's git dir
 * (refusals, waiting, sessions, manifests), and the config files.
 */
export class ChangeWatch {
  private last = '';

  constructor(
    private readonly mainRoot: string,
    private readonly commonDir: string,
  ) {}

  changed(): boolean {
    const now = this.signature();
    const changed = now !== this.last;
    this.last = now;
    return changed;
  }

  private signature(): string {
    const parts: string[] = [];
    const stamp = (path: string) => {
      try {
        const s = statSync(path);
        parts.push(`${path}:${s.mtimeMs}:${s.size}`);
      } catch {
        parts.push(`${path}:-`);
      }
    };
    for (const file of ['HEAD', 'index', 'packed-refs']) stamp(join(this.commonDir, file));
    folders(join(this.commonDir, 'refs', 'heads'), stamp);
    stamp(join(this.commonDir, 'agent-guard'));
    let worktrees: string[] = [];
    try {
      worktrees = readdirSync(join(this.commonDir, 'worktrees'));
    } catch {
      // no linked worktree
    }
    stamp(join(this.commonDir, 'worktrees'));
    for (const name of worktrees) {
      const gitDir = join(this.commonDir, 'worktrees', name);
      for (const file of ['HEAD', 'index', 'agent-guard', join('agent-guard', 'events.jsonl'), join('agent-guard', 'attention.json'), join('agent-guard', 'sessions.jsonl'), join('agent-guard', 'manifest.json')]) stamp(join(gitDir, file));
    }
    for (const file of CONFIG_FILES) stamp(join(this.mainRoot, file));
    return parts.join('\n');
  }
}

/** Stamps a folder and every folder under it (a ref update renames a file into its own folder, which changes that folder's time). */
function folders(dir: string, stamp: (path: string) => void, depth = 0): void {
  stamp(dir);
  if (depth > 6) return;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) if (entry.isDirectory()) folders(join(dir, entry.name), stamp, depth + 1);
}
