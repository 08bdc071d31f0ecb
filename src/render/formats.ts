import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import type { ReportContext } from './report.js';
import { renderText } from './text.js';

import type { Format } from './format-names.js';

export { FORMATS, type Format } from './format-names.js';

const renderers: Record<Format, (ctx: ReportContext) => string> = { text: renderText, json: renderJson, github: renderGithub };

export function renderReport(ctx: ReportContext, format: Format): string {
  return renderers[format](ctx);
}
