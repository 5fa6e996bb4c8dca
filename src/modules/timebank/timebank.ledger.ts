import type { EntityManager } from 'typeorm';
import { isMysql } from '../../core/database';
import { ErrorCode, fail } from '../../core/errors';
import { TimebankAccount, TimebankEntry, type EntryKind } from './timebank.entity';

/**
 * The only code that changes balances. A debit is one conditional UPDATE (`balance >= amount`), so
 * of any number of concurrent debits the ones that fit go through and the rest are refused, and a
 * balance never goes below zero. The entry records the balance after it, read under the row lock.
 */

/** The person's account, created on first use (insert-or-ignore, so two first uses make one). */
export async function accountFor(tx: EntityManager, accountId: number): Promise<TimebankAccount> {
  const existing = await tx.findOneBy(TimebankAccount, { accountId });
  if (existing) return existing;
  // updateEntity(false): an ignored insert has no id for TypeORM to read back.
  await tx.createQueryBuilder().insert().into(TimebankAccount).values({ accountId, balance: 0 }).orIgnore().updateEntity(false).execute();
  // When a concurrent transaction created it first, InnoDB's snapshot (taken at our first read) does
  // not show its row; a locking read does.
  if (isMysql(tx.connection)) return tx.findOneOrFail(TimebankAccount, { where: { accountId }, lock: { mode: 'pessimistic_write' } });
  return tx.findOneByOrFail(TimebankAccount, { accountId });
}

/** Serialises work on one account (FOR UPDATE on MySQL; SQLite runs one writer at a time). */
export async function lockAccount(tx: EntityManager, timebankAccountId: number): Promise<void> {
  if (isMysql(tx.connection)) await tx.query('SELECT id FROM timebank_account WHERE id = ? FOR UPDATE', [timebankAccountId]);
}

export interface Posting {
  kind: EntryKind;
  /** Hundredths of a credit; negative for a debit. */
  amount: number;
  serviceRecordId?: number | null;
  demandId?: number | null;
  listedServiceId?: number | null;
  counterpartyAccountId?: number | null;
  note?: string | null;
  createdById?: number | null;
}

/** Posts one line to the person's account; a debit larger than the balance is INSUFFICIENT_BALANCE and changes nothing. */
export async function post(tx: EntityManager, accountId: number, posting: Posting, field: string[] = ['input']): Promise<TimebankEntry> {
  const account = await accountFor(tx, accountId);
  const update = tx
    .createQueryBuilder()
    .update(TimebankAccount)
    .set({ balance: () => `balance + ${Math.trunc(posting.amount)}` })
    .where('id = :id', { id: account.id });
  if (posting.amount < 0) update.andWhere('balance >= :needed', { needed: -posting.amount });
  const result = await update.execute();
  if (result.affected !== 1) {
    const current = await currentBalance(tx, account.id);
    fail(ErrorCode.INSUFFICIENT_BALANCE, field, `the account holds ${credits(current)} credits, ${credits(-posting.amount)} are needed`);
  }
  const balanceAfter = await currentBalance(tx, account.id);
  const entry = tx.create(TimebankEntry, {
    timebankAccountId: account.id,
    kind: posting.kind,
    amount: posting.amount,
    balanceAfter,
    serviceRecordId: posting.serviceRecordId ?? null,
    demandId: posting.demandId ?? null,
    listedServiceId: posting.listedServiceId ?? null,
    counterpartyAccountId: posting.counterpartyAccountId ?? null,
    note: posting.note ?? null,
    createdById: posting.createdById ?? null,
  });
  await tx.insert(TimebankEntry, entry);
  return entry;
}

/** MySQL: a locking (current) read; this transaction holds the row lock after its UPDATE anyway. */
async function currentBalance(tx: EntityManager, timebankAccountId: number): Promise<number> {
  const lock = isMysql(tx.connection) ? ' FOR UPDATE' : '';
  const [row] = await tx.query(`SELECT balance FROM timebank_account WHERE id = ?${lock}`, [timebankAccountId]);
  return Number(row.balance);
}

export function credits(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** Credits given in an input (at most two decimals) as hundredths. */
export function toCents(value: number, field: string[]): number {
  const cents = Math.round(value * 100);
  if (!Number.isFinite(value) || Math.abs(cents - value * 100) > 1e-6 || cents <= 0) fail(ErrorCode.INVALID, field, 'credits are positive, with at most two decimals');
  return cents;
}
