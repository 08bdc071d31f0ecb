import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STAGED_DIFF_ARGS } from '../../src/git/changes.js';
import { STATUS_ARGS } from '../../src/git/worktrees.js';
import { gitOutputFromPipe } from '../../src/git/hook-pipe.js';

describe('gitOutputFromPipe', () => {
  it("takes git's output when its last record says git exited 0", () => {
    expect(gitOutputFromPipe('M\0src/a.ts\0R100\0old name\0new\nname\0agent-guard-exit:0\0')).toBe('M\0src/a.ts\0R100\0old name\0new\nname\0');
    expect(gitOutputFromPipe('agent-guard-exit:0\0')).toBe('');
  });

  it('says null (run the diff here) for a failed git, a missing or cut record, or nothing', () => {
    for (const piped of ['', 'agent-guard-exit:128\0', 'M\0a\0agent-guard-exit:141\0', 'M\0a\0', 'M\0agent-guard-exit:0', 'agent-guard-exit:0', 'M\0agent-guard-exit:00\0']) {
      expect([piped, gitOutputFromPipe(piped)]).toEqual([piped, null]);
    }
  });

  it('is fed by the same git commands agent-guard runs itself', () => {
    const postBash = readFileSync(new URL('../../hooks/post-bash.sh', import.meta.url), 'utf8');
    expect(postBash).toContain(`git -c core.quotepath=off ${STATUS_ARGS.join(' ')} 2>/dev/null; printf 'agent-guard-exit:%s\\0' "$?"; }`);
    const pipeline = readFileSync(new URL('../../hooks/staged-diff.sh', import.meta.url), 'utf8');
    expect(pipeline).toContain(`git -c core.quotepath=off ${STAGED_DIFF_ARGS.join(' ')} 2>/dev/null; printf 'agent-guard-exit:%s\\0' "$?"; }`);
  });
});
