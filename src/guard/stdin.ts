/**
 * Reads one JSON document from stdin. Stops as soon as what has arrived parses, because a hook's
 * stdin is not always closed promptly; otherwise reads to the end (where a parse error is reported).
 */
export function readJsonStdin(): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const done = () => {
      process.stdin.removeAllListeners();
      process.stdin.pause();
      resolve(text);
    };
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      text += chunk;
      try {
        JSON.parse(text);
        done();
      } catch {
        // not complete yet
      }
    });
    process.stdin.on('end', done);
    process.stdin.on('error', done);
  });
}
