/**
 * The time one operation may take. At the deadline the caller is answered TIMEOUT unless a mutation
 * has already committed; a mutation finishing after it rolls back instead of committing. So the
 * answer and the database always agree: TIMEOUT means nothing of the operation was kept.
 */
export class TimeBudget {
  readonly deadline: number;
  private answered = false;
  private committed = false;

  constructor(
    readonly timeoutMs: number,
    now = Date.now(),
  ) {
    this.deadline = now + timeoutMs;
  }

  /** At the deadline: true when the caller may be answered TIMEOUT now (nothing was committed). */
  expire(): boolean {
    if (this.committed) return false;
    this.answered = true;
    return true;
  }

  /** Just before a mutation commits: false when it is too late and the mutation must roll back. */
  mayCommit(now = Date.now()): boolean {
    if (this.answered || now >= this.deadline) return false;
    this.committed = true;
    return true;
  }
}
