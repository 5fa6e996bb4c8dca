import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config';
import { REDACT_PATHS, serializeError } from './log-scrub';

export type { Logger };

/** Where log lines go; stdout unless a test redirects them (see `redirectLogs`). */
interface LineSink {
  write(line: string): void;
}

const stdout: LineSink = pino.destination({ dest: 1, sync: true });
let target: LineSink = stdout;

/**
 * The process's one logger: JSON lines on stdout. Work done for a request logs through that
 * request's child (`ctx.log`, `res.locals.trace.log`), which carries its id; background work
 * (feeds, the sweeper, the bus) logs here with a `component`.
 */
export const logger: Logger = pino(
  {
    level: 'info',
    formatters: { level: (label) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: (err: unknown) => serializeError(err) },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  },
  { write: (line: string) => target.write(line) },
);

export function setLogLevel(level: LogLevel): void {
  logger.level = level;
}

/** Sends log lines elsewhere (tests capture them); returns the function that restores the previous target. */
export function redirectLogs(sink: LineSink): () => void {
  const previous = target;
  target = sink;
  return () => {
    target = previous;
  };
}
