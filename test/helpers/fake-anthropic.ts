import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted model turn: call a tool, or end with text. */
export type Step = { tool: string; input: Record<string, unknown> } | { text: string };

export interface FakeApi {
  url: string;
  /** The last message of each request Claude Code sent (where tool results arrive). */
  lastMessages: unknown[];
  /** Each request's whole body as sent (system prompt, tools…). */
  bodies: string[];
  close(): Promise<void>;
}

/**
 * A stand-in for the Anthropic Messages API on 127.0.0.1: each `POST /v1/messages` gets the next
 * scripted step as server-sent events, the way the real API streams a tool call; after the script,
 * a text turn that ends the session. Other requests (token counting, telemetry) get `{}`.
 */
export async function fakeAnthropic(steps: Step[]): Promise<FakeApi> {
  const lastMessages: unknown[] = [];
  const bodies: string[] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages') || req.url.includes('count_tokens')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"input_tokens": 10}');
        return;
      }
      let parsed: { messages?: unknown[]; stream?: boolean } = {};
      try {
        parsed = JSON.parse(body);
      } catch {
        // answer anyway
      }
      lastMessages.push(parsed.messages?.at(-1) ?? null);
      bodies.push(body);
      const step = steps[next++] ?? { text: 'Done.' };
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const [event, data] of events(step, next)) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lastMessages,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function events(step: Step, n: number): [string, unknown][] {
  const message = { id: `msg_${n}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } };
  const out: [string, unknown][] = [['message_start', { type: 'message_start', message }]];
  if ('tool' in step) {
    out.push(['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: `toolu_${n}`, name: step.tool, input: {} } }]);
    out.push(['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(step.input) } }]);
    out.push(['content_block_stop', { type: 'content_block_stop', index: 0 }]);
    out.push(['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 20 } }]);
  } else {
    out.push(['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }]);
    out.push(['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: step.text } }]);
    out.push(['content_block_stop', { type: 'content_block_stop', index: 0 }]);
    out.push(['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } }]);
  }
  out.push(['message_stop', { type: 'message_stop' }]);
  return out;
}
