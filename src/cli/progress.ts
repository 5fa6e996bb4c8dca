/** What a progress line shows. */
export interface ProgressFigures {
  /** 0 to 1. */
  fraction: number;
  rows: number;
  imported: number;
  skipped: number;
  failed: number;
  rowsPerSecond: number;
}

const WIDTH = 24;
const n = (value: number) => Math.round(value).toLocaleString('en');

/**
 * A progress bar on a terminal (one line, rewritten in place); elsewhere (a log, a pipe) one line
 * at every further tenth of the way, so that logs stay short.
 */
export class ProgressBar {
  private lastTenth = -1;
  private drawn = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly label: string,
  ) {}

  /** `final`: the last figures, always shown. */
  update(p: ProgressFigures, final = false): void {
    const text = `${this.label} ${bar(p.fraction)} ${Math.floor(p.fraction * 100)}%  ${n(p.rows)} rows  ${n(p.rowsPerSecond)} rows/s  imported ${n(p.imported)}  skipped ${n(p.skipped)}  failed ${n(p.failed)}`;
    if (this.out.isTTY) {
      this.out.write(`\r${text}\x1b[K`);
      this.drawn = true;
      return;
    }
    const tenth = Math.floor(p.fraction * 10);
    if (tenth === this.lastTenth && !final) return;
    this.lastTenth = tenth;
    this.out.write(`${text}\n`);
  }

  /** Ends the rewritten line, so that what follows starts on a new one. */
  end(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}

function bar(fraction: number): string {
  const filled = Math.max(0, Math.min(WIDTH, Math.round(fraction * WIDTH)));
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]`;
}
