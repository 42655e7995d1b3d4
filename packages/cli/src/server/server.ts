/**
 * The JSON stdio server (`symx serve`): one JSON request per line in, one reply per line out,
 * in order. Every request gets exactly one reply, and no request can stop the server: malformed
 * JSON, unknown methods, bad parameters and expressions become error replies, and a bug in a
 * method becomes an `internal_error` reply (its stack trace goes to the log stream). The
 * protocol is documented in packages/cli/README.md.
 */
import type { Readable, Writable } from 'node:stream';
import { lines, write } from '../io.js';
import { diffMethod, parseMethod, simplifyMethod } from './methods/expressions.js';
import { loadDatasetMethod, unloadDatasetMethod } from './methods/datasets.js';
import { compileMethod, evaluateMethod, freeKernelMethod, lossMethod } from './methods/evaluation.js';
import { fitMethod } from './methods/fit.js';
import { versionMethod, vocabularyMethod } from './methods/setup.js';
import type { Method } from './methods/types.js';
import { ProtocolError, errorReply, paramsOf } from './protocol.js';
import { Session } from './session.js';
import { warmUp } from './warmup.js';

/**
 * Options of a `Server`.
 *
 * @example
 * const options: ServerOptions = { log: process.stderr, reclaimThreshold: 100_000 };
 * const server = new Server(options);
 * JSON.parse(server.handle('{"id": 1, "method": "simplify", "params": {"expr": "x*1"}}')).result; // → { result: 'x' }
 */
export interface ServerOptions {
  /** Where internal errors are reported (stack traces), e.g. stderr. */
  readonly log?: Writable;
  /** Terms created before the term store is trimmed (default 50,000). */
  readonly reclaimThreshold?: number;
}

/**
 * The JSON-lines stdio server behind `symx serve`: one request object per line in, one reply
 * line out (see the package README for the methods and error codes).
 *
 * @example
 * const server = new Server();
 * const reply = server.handle('{"id": 1, "method": "diff", "params": {"expr": "x^3", "wrt": "x"}}');
 * JSON.parse(reply).id; // → 1
 */
export class Server {
  readonly session: Session;
  private readonly methods: ReadonlyMap<string, Method>;
  private readonly log: Writable | undefined;

  /**
   * @example
   * const server = new Server();
   * server.handle('{"id": 1, "method": "simplify", "params": {"expr": "x*y*x/(x*y)"}}');
   * // '{"id":1,"result":{"result":"x"}}'
   */
  constructor(options: ServerOptions = {}) {
    warmUp(); // before the session's watermark: lazily built terms of the engines stay alive
    this.log = options.log;
    this.session = new Session(options.reclaimThreshold);
    const methods = new Map<string, Method>([
      ['parse', parseMethod],
      ['simplify', simplifyMethod],
      ['diff', diffMethod],
      ['compile', compileMethod],
      ['free_kernel', freeKernelMethod],
      ['evaluate', evaluateMethod],
      ['loss', lossMethod],
      ['fit', fitMethod],
      ['load_dataset', loadDatasetMethod],
      ['unload_dataset', unloadDatasetMethod],
      ['vocabulary', vocabularyMethod],
    ]);
    const names = [...methods.keys(), 'version'];
    methods.set('version', (p, s) => versionMethod(p, s, names));
    this.methods = methods;
  }

  /**
   * The reply line (without its newline) to one request line; a promise for the few methods
   * that read files. Never throws.
   */
  handle(line: string): string | Promise<string> {
    let id: unknown = null;
    let pending = false;
    try {
      let request: unknown;
      try {
        request = JSON.parse(line);
      } catch (e) {
        throw new ProtocolError('parse_error', `the line is not valid JSON: ${(e as Error).message}`);
      }
      if (typeof request !== 'object' || request === null || Array.isArray(request)) {
        throw new ProtocolError('invalid_request', 'a request is a JSON object {"id", "method", "params"}');
      }
      const r = request as Record<string, unknown>;
      if (r.id !== undefined) id = r.id;
      if (typeof r.method !== 'string') throw new ProtocolError('invalid_request', "the request has no string 'method'");
      const method = this.methods.get(r.method);
      if (method === undefined) {
        throw new ProtocolError('unknown_method', `unknown method '${r.method}' (methods: ${[...this.methods.keys()].join(', ')})`);
      }
      const result = method(paramsOf(r), this.session);
      if (result instanceof Promise) {
        pending = true;
        const done = (reply: string): string => {
          this.session.afterRequest();
          return reply;
        };
        return result.then(
          (value) => done(this.reply(id, value)),
          (e) => done(this.replyError(id, e)),
        );
      }
      return this.reply(id, result);
    } catch (e) {
      return this.replyError(id, e);
    } finally {
      if (!pending) this.session.afterRequest();
    }
  }

  /**
   * Answers every line of `input` on `output` until the input ends, then frees the session.
   *
   * @example
   * import { PassThrough, Readable } from 'node:stream';
   * const input = Readable.from(['{"id": 1, "method": "simplify", "params": {"expr": "x + 0"}}\n']);
   * const output = new PassThrough();
   * await new Server().serve(input, output);   // e.g. serve(process.stdin, process.stdout)
   * JSON.parse(output.read().toString()).result; // → { result: 'x' }
   */
  async serve(input: Readable, output: Writable): Promise<void> {
    try {
      for await (const line of lines(input)) {
        if (line.trim() === '') continue;
        const reply = await this.handle(line);
        await write(output, reply + '\n');
      }
    } finally {
      this.session.close();
    }
  }

  private reply(id: unknown, result: unknown): string {
    try {
      return JSON.stringify({ id, result });
    } catch (e) {
      return this.replyError(id, e);
    }
  }

  private replyError(id: unknown, e: unknown): string {
    const error = errorReply(e);
    if (error.code === 'internal_error') this.log?.write(`symx serve: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    let idText: string;
    try {
      idText = JSON.stringify(id) ?? 'null';
    } catch {
      idText = 'null';
    }
    return `{"id":${idText},"error":${JSON.stringify(error)}}`;
  }
}
