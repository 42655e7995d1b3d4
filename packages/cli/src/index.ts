/**
 * symx — the command line and the JSON stdio server, usable from code too:
 * - `run(argv, io)`: the whole CLI in-process, returning the exit code;
 * - `Server`: the JSON-lines server (`handle(line)` for one request, `serve(in, out)`).
 */
export { run, type Context } from './cli.js';
export { type CliIO, processIO } from './io.js';
export { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, UserError } from './errors.js';
export { Server, type ServerOptions } from './server/server.js';
export { PROTOCOL_VERSION, ProtocolError, type ErrorCode } from './server/protocol.js';
export { Vocabulary } from './server/vocabulary.js';
export { parseCalls } from './server/callsSyntax.js';
export { formatCalls } from './server/callsFormat.js';
export { buildStandaloneKernel, type StandaloneKernel } from './internal/standalone/kernelModule.js';
export { VERSION } from './version.js';
