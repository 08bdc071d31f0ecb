import { isPair, type Node, type Pair } from 'yaml';

/**
 * Text-level edits of a team's YAML that insert and remove whole lines and touch no other byte: the
 * `yaml` library finds where things are (node ranges), this module writes the lines in the file's own
 * style (indentation, sequence style, quotes, line endings). Pure.
 */

export interface Style {
  eol: string;
  /** The quote the file uses for strings ("'" unless it only uses double quotes). */
  quote: "'" | '"';
}

export function styleOf(text: string): Style {
  const singles = (text.match(/:\s+'/g) ?? []).length;
  const doubles = (text.match(/:\s+"/g) ?? []).length;
  return { eol: text.includes('\r\n') ? '\r\n' : '\n', quote: doubles > 0 && singles === 0 ? '"' : "'" };
}

/** A scalar quoted the file's way (a YAML single- or double-quoted string). */
export function quoted(value: string, style: Style): string {
  return style.quote === "'" ? `'${value.replace(/'/g, "''")}'` : JSON.stringify(value);
}

/** Where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The column of `offset` in its line. */
export function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/**
 * For a block sequence item whose content starts at `contentAt`: the column of its `-` and the
 * column its content starts at (`  - repo:` → 2 and 4; `-   repo:` → 0 and 4).
 */
export function itemColumns(text: string, contentAt: number): { dash: number; content: number } {
  const start = lineStart(text, contentAt);
  const line = text.slice(start, contentAt);
  const dash = line.lastIndexOf('-');
  return { dash: dash < 0 ? column(text, contentAt) : dash, content: contentAt - start };
}

/** Where a node (or a pair's value) ends: the start of the line after it, or the end of the text. */
export function endOfNode(node: Node | Pair): number {
  if (isPair(node)) return ((node.value as Node | null) ?? (node.key as Node)).range![1];
  return node.range![1];
}

/**
 * After the node that ends at `end`: the comment lines indented deeper than `column` that follow it
 * (commented-out lines of the last item belong to it), so an insertion goes after them.
 */
export function pastOwnComments(text: string, end: number, minColumn: number): number {
  let at = end;
  for (;;) {
    const next = text.indexOf('\n', at);
    const line = text.slice(at, next < 0 ? text.length : next);
    const indent = line.length - line.trimStart().length;
    if (!line.trimStart().startsWith('#') || indent <= minColumn || next < 0) return at;
    at = next + 1;
  }
}

/** `lines` inserted at `at` (a line start, or the end of a text without a final line ending). */
export function insertLines(text: string, at: number, lines: string[], style: Style): string {
  const before = text.slice(0, at);
  // a file without a final line ending keeps none: the lines go after one line ending of their own
  if (before !== '' && !before.endsWith('\n')) return `${before}${style.eol}${lines.join(style.eol)}${text.slice(at)}`;
  return `${before}${lines.map((l) => `${l}${style.eol}`).join('')}${text.slice(at)}`;
}

/** Whether the items of a sequence or map are separated by blank lines in the text (then a new one is too). */
export function blankSeparated(text: string, items: readonly (Node | Pair)[]): boolean {
  if (items.length < 2) return false;
  const gap = text.slice(endOfNode(items[0]!), startOfItem(text, items[1]!));
  return /\n[ \t]*\r?\n|^[ \t]*\r?\n/.test(gap);
}

function startOfItem(text: string, item: Node | Pair): number {
  return lineStart(text, (isPair(item) ? (item.key as Node) : item).range![0]);
}

/**
 * The whole lines of an item agent-guard inserted: from its marker comment (and the blank line
 * before it, where it is followed by a blank line or nothing, as the insertion left it) to its end.
 */
export function removeBlock(text: string, itemStart: number, itemEnd: number, marker: string): string {
  let from = lineStart(text, itemStart);
  const previous = (at: number) => text.slice(lineStart(text, at - 1), at);
  if (from > 0 && previous(from).trim().startsWith('#') && previous(from).includes(marker)) from = lineStart(text, from - 1);
  const to = itemEnd;
  const blankBefore = from > 0 && previous(from).trim() === '';
  const rest = text.slice(to);
  if (blankBefore && (rest === '' || /^[ \t]*\r?\n/.test(rest) || !/^[ \t]/.test(rest))) from = lineStart(text, from - 1);
  // the last lines of a file without a final line ending: the line ending before them goes too
  if (rest === '' && !text.endsWith('\n') && from > 0) from -= text.slice(0, from).endsWith('\r\n') ? 2 : 1;
  return text.slice(0, from) + rest;
}
