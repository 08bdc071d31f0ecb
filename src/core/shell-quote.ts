/** Single-quotes a word for sh, always (for commands agent-guard writes into hook scripts and settings). */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Quotes a word for a command line a person may copy, only when it needs it. */
export function shellQuoteIfNeeded(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) && !text.startsWith('-') ? text : shellQuote(text);
}
