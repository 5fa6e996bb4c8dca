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
    hooks: {
      // Given an error and no message, pino copies the error's raw message into `msg`, past the
      // scrubbing serializer: such a line gets a fixed message instead.
      logMethod(args, method) {
        const [first, second] = args as unknown[];
        const error = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
        if (error instanceof Error && typeof second !== 'string') return method.call(this, first instanceof Error ? { err: first } : (first as object), 'error');
        return method.apply(this, args);
      },
    },
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
