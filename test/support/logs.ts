import type { LogLevel } from '../../src/config';
import { logger, redirectLogs, setLogLevel } from '../../src/core/logger';

export interface LogLine {
  level: string;
  msg: string;
  reqId?: string;
  connId?: string;
  opId?: string;
  component?: string;
  [key: string]: unknown;
}

export interface CapturedLogs {
  /** Everything written, exactly as it would have reached stdout. */
  readonly text: string;
  readonly lines: LogLine[];
  /** Gives stdout (and the previous level) back. */
  stop(): void;
}

/** Captures the in-process server's log lines from now on, at `level` (the harness runs at warn). */
export function captureLogs(level: LogLevel = 'debug'): CapturedLogs {
  const raw: string[] = [];
  const previousLevel = logger.level as LogLevel;
  const restore = redirectLogs({ write: (line) => raw.push(line) });
  setLogLevel(level);
  return {
    get text() {
      return raw.join('');
    },
    get lines() {
      return raw.map((line) => JSON.parse(line) as LogLine);
    },
    stop() {
      restore();
      setLogLevel(previousLevel);
    },
  };
}
