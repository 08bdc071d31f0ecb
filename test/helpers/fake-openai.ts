import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted model turn: call a tool (its arguments as the model would send them), or end with text. */
export type OpenAiStep = { tool: string; args: Record<string, unknown> } | { text: string };

export interface FakeOpenAi {
  /** The base URL to configure (ends in /v1). */
  url: string;
  /** Each request body the client sent, parsed (tool results arrive in the next request). */
  requests: Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * A stand-in for OpenAI's APIs on 127.0.0.1: `POST /v1/responses` (Codex: the Responses API's
 * server-sent events) and `POST /v1/chat/completions` (Copilot CLI, OpenCode: streamed chunks), each
 * request answered with the next scripted step; after the script, a text turn. `GET /v1/models` lists
 * one model; anything else gets `{}`.
 */
export async function fakeOpenAi(steps: OpenAiStep[], { cachedTokens = 0 } = {}): Promise<FakeOpenAi> {
  // each chat turn's usage: 10 in (`cachedTokens` of them read from the cache), 5 out
  const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, ...(cachedTokens && { prompt_tokens_details: { cached_tokens: cachedTokens } }) };
  const requests: Record<string, unknown>[] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = req.url ?? '';
      if (req.method === 'GET' && url.includes('/models')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'test-model', object: 'model', created: 0, owned_by: 'test' }] }));
        return;
      }
      const responses = url.includes('/responses');
      const chat = url.includes('/chat/completions');
      if (req.method !== 'POST' || (!responses && !chat)) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(body);
      } catch {
        // answer anyway
      }
      // A request that offers no tools (OpenCode's session title) is not a turn of the script.
      const turn = !chat || (Array.isArray(parsed.tools) && parsed.tools.length > 0);
      if (turn) requests.push(parsed);
      const n = turn ? ++next : 0;
      const step = turn ? (steps[n - 1] ?? { text: 'Done.' }) : { text: 'Agent task' };
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      if (responses) for (const [event, data] of responsesEvents(step, n)) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      else {
        for (const data of chatChunks(step, n, usage)) res.write(`data: ${JSON.stringify(data)}\n\n`);
        res.write('data: [DONE]\n\n');
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function responsesEvents(step: OpenAiStep, n: number): [string, unknown][] {
  const response = { id: `resp_${n}`, object: 'response', created_at: 0, status: 'in_progress', model: 'test-model', output: [] };
  const item =
    'tool' in step
      ? { type: 'function_call', id: `fc_${n}`, call_id: `call_${n}`, name: step.tool, arguments: JSON.stringify(step.args), status: 'completed' }
      : { type: 'message', id: `msg_${n}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: step.text, annotations: [] }] };
  const usage = { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 };
  return [
    ['response.created', { type: 'response.created', response }],
    ['response.output_item.added', { type: 'response.output_item.added', output_index: 0, item }],
    ['response.output_item.done', { type: 'response.output_item.done', output_index: 0, item }],
    ['response.completed', { type: 'response.completed', response: { ...response, status: 'completed', output: [item], usage } }],
  ];
}

function chatChunks(step: OpenAiStep, n: number, usage: Record<string, unknown>): unknown[] {
  const base = { id: `chatcmpl_${n}`, object: 'chat.completion.chunk', created: 0, model: 'test-model' };
  if ('tool' in step) {
    return [
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: null, tool_calls: [{ index: 0, id: `call_${n}`, type: 'function', function: { name: step.tool, arguments: '' } }] }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: JSON.stringify(step.args) } }] }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }], usage },
    ];
  }
  return [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: step.text }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage },
  ];
}
