/**
 * Fills `{{NAME}}` placeholders; a placeholder without a value is a bug, so it throws. A value of
 * several lines put where a line starts indented gets that indent on each of its lines.
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/^([ \t]*)\{\{([A-Z_]+)\}\}|\{\{([A-Z_]+)\}\}/gm, (_, indent: string | undefined, lineName: string | undefined, name: string | undefined) => {
    const key = (lineName ?? name)!;
    const value = values[key];
    if (value === undefined) throw new Error(`template placeholder {{${key}}} has no value`);
    return indent ? indent + value.replace(/\n(?=.)/g, `\n${indent}`) : value;
  });
}

/** A template file's text as a placeholder's value: without its last newline (the placeholder's line has one). */
export function inlined(text: string): string {
  return text.replace(/\n$/, '');
}

/** Marker lines around a generated block; matched by prefix so the wording after them may change. */
export interface Markers {
  start: string;
  end: string;
}

export const MARKDOWN_MARKERS: Markers = { start: '<!-- agent-guard:start', end: '<!-- agent-guard:end' };
export const SHELL_MARKERS: Markers = { start: '# >>> agent-guard >>>', end: '# <<< agent-guard <<<' };

/**
 * Puts `block` (which begins with the start marker line and ends with the end marker line) into
 * `existing`: in place of the old block if there is one, keeping every other line; otherwise at
 * the end, or at the start (after a `#!` line) when `at` is 'start'.
 */
export function upsertBlock(existing: string | null, block: string, markers: Markers, at: 'start' | 'end' = 'end'): string {
  const full = block.replace(/\n*$/, '\n');
  if (existing === null || existing.trim() === '') return full;
  const lines = existing.split('\n');
  const startLine = lines.findIndex((line) => line.startsWith(markers.start));
  const endLine = startLine < 0 ? -1 : lines.findIndex((line, i) => i > startLine && line.startsWith(markers.end));
  if (startLine >= 0 && endLine >= 0) {
    const before = lines.slice(0, startLine).join('\n');
    const after = lines.slice(endLine + 1).join('\n');
    return (before ? before + '\n' : '') + full + after;
  }
  if (at === 'end') return `${existing.replace(/\n*$/, '\n')}\n${full}`;
  const shebang = lines[0]!.startsWith('#!') ? lines[0] + '\n' : '';
  const rest = shebang ? lines.slice(1).join('\n') : existing;
  return `${shebang}${full}${rest.startsWith('\n') ? '' : '\n'}${rest}`;
}

/** The generated block in `text` (its marker lines and what is between them), or null when it has none. */
export function blockIn(text: string | null, markers: Markers): string | null {
  if (text === null) return null;
  const lines = text.split('\n');
  const startLine = lines.findIndex((line) => line.startsWith(markers.start));
  const endLine = startLine < 0 ? -1 : lines.findIndex((line, i) => i > startLine && line.startsWith(markers.end));
  return startLine < 0 || endLine < 0 ? null : lines.slice(startLine, endLine + 1).join('\n') + '\n';
}

/** `text` without the generated block (its marker lines and what is between them), or null when it has none. */
export function removeBlock(text: string, markers: Markers): string | null {
  const lines = text.split('\n');
  const startLine = lines.findIndex((line) => line.startsWith(markers.start));
  const endLine = startLine < 0 ? -1 : lines.findIndex((line, i) => i > startLine && line.startsWith(markers.end));
  if (startLine < 0 || endLine < 0) return null;
  const rest = [...lines.slice(0, startLine), ...lines.slice(endLine + 1)];
  // upsertBlock put a blank line between the user's text and a block at the end: take that back too
  if (endLine + 1 >= lines.length - 1 && startLine > 0 && rest[startLine - 1] === '') rest.splice(startLine - 1, 1);
  return rest.join('\n');
}
