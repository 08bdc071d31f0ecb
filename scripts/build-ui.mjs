// The live page (`agent-guard ui`) as one file: src/ui/page/page.html with its stylesheet and script
// written into it, so the server sends one response and the page needs nothing else (no CDN, works
// offline). The sources stay three files a browser can open as they are while the page is worked on.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes dist/ui.html from src/ui/page/; returns its size in bytes. */
export function buildUiPage(root) {
  const dir = join(root, 'src', 'ui', 'page');
  const read = (name) => readFileSync(join(dir, name), 'utf8');
  let html = read('page.html');
  // a replacer function: `$` in the script or stylesheet is written as it is
  const inline = (tag, text) => {
    if (!html.includes(tag)) throw new Error(`src/ui/page/page.html has no ${tag}`);
    html = html.replace(tag, () => text);
  };
  inline('<link rel="stylesheet" href="page.css">', `<style>\n${read('page.css')}</style>`);
  inline('<script src="page.js"></script>', `<script>\n${read('page.js')}</script>`);
  writeFileSync(join(root, 'dist', 'ui.html'), html);
  return Buffer.byteLength(html);
}
