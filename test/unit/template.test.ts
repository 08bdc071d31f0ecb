import { describe, expect, it } from 'vitest';
import { MARKDOWN_MARKERS, SHELL_MARKERS, renderTemplate, upsertBlock } from '../../src/core/template.js';

const md = (body: string) => `<!-- agent-guard:start: generated -->\n${body}\n<!-- agent-guard:end -->\n`;
const sh = (body: string) => `# >>> agent-guard >>> managed\n${body}\n# <<< agent-guard <<<\n`;

describe('renderTemplate', () => {
  it('fills placeholders and refuses missing values', () => {
    expect(renderTemplate('a {{X}} b {{Y_Z}}', { X: '1', Y_Z: '{{X}}' })).toBe('a 1 b {{X}}');
    expect(() => renderTemplate('{{NOPE}}', {})).toThrow(/NOPE/);
  });

  it('indents every line of a value put where an indented line starts', () => {
    expect(renderTemplate('if x; then\n    {{RUN}} || exit\nfi\n{{RUN}}\n', { RUN: '# why\ncmd' })).toBe('if x; then\n    # why\n    cmd || exit\nfi\n# why\ncmd\n');
    expect(renderTemplate('  a={{V}}\n', { V: '1\n2' })).toBe('  a=1\n2\n');
  });
});

describe('upsertBlock', () => {
  it('creates the file content when there is none', () => {
    expect(upsertBlock(null, md('rules'), MARKDOWN_MARKERS)).toBe(md('rules'));
  });

  it('appends after the user text, then replaces only the block on the next run', () => {
    const user = '# My project\n\nOwn notes.\n';
    const once = upsertBlock(user, md('v1'), MARKDOWN_MARKERS);
    expect(once).toBe(`${user}\n${md('v1')}`);
    const twice = upsertBlock(`${once}\nMore notes after.\n`, md('v2'), MARKDOWN_MARKERS);
    expect(twice).toBe(`${user}\n${md('v2')}\nMore notes after.\n`);
    expect(upsertBlock(once, md('v1'), MARKDOWN_MARKERS)).toBe(once);
  });

  it('puts a hook block first, after a shebang, and keeps the existing lines', () => {
    expect(upsertBlock('npm test\n', sh('check'), SHELL_MARKERS, 'start')).toBe(`${sh('check')}\nnpm test\n`);
    expect(upsertBlock('#!/bin/sh\nnpx lint-staged\n', sh('check'), SHELL_MARKERS, 'start')).toBe(`#!/bin/sh\n${sh('check')}\nnpx lint-staged\n`);
    const installed = upsertBlock('npm test\n', sh('check'), SHELL_MARKERS, 'start');
    expect(upsertBlock(installed, sh('check'), SHELL_MARKERS, 'start')).toBe(installed);
  });

  it('treats a start marker without an end marker as user text', () => {
    const broken = '# >>> agent-guard >>> half\nnpm test\n';
    expect(upsertBlock(broken, sh('x'), SHELL_MARKERS)).toBe(`${broken}\n${sh('x')}`);
  });
});
