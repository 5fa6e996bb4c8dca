import { In, type EntityManager } from 'typeorm';
import { isMysql } from '../../core/database';
import type { Audience } from '../demand/demand-event.entity';
import { topics } from '../demand/demand-event.log';
import { DemandOffer } from './offer.entity';
import { OfferStatus } from './offer.enums';

/**
 * Offers change only in transactions that hold the demand's row lock (a conditional update of the
 * demand, or `lockDemand`), so the reads here are of the current state; on MySQL they are locking
 * reads, because a plain read would see the transaction's older snapshot.
 */

export interface OfferTarget {
  volunteerId: number;
  accountId: number;
  teamId: number | null;
}

/** Serialises changes to one demand's offers: FOR UPDATE on MySQL; SQLite already runs one writer at a time. */
export async function lockDemand(tx: EntityManager, demandId: number): Promise<void> {
  if (isMysql(tx.connection)) await tx.query('SELECT id FROM demand WHERE id = ? FOR UPDATE', [demandId]);
}

export async function createOffers(tx: EntityManager, demandId: number, targets: OfferTarget[], round: number, offeredById: number | null, ttlSeconds: number): Promise<DemandOffer[]> {
  const createdAt = new Date();
  const expiresAt = new Date(createdAt.getTime() + ttlSeconds * 1000);
  const offers: DemandOffer[] = [];
  for (const t of targets) {
    const offer = tx.create(DemandOffer, { demandId, accountId: t.accountId, volunteerId: t.volunteerId, teamId: t.teamId, status: OfferStatus.PENDING, round, offeredById, createdAt, expiresAt, respondedAt: null, declineReason: null });
    await tx.insert(DemandOffer, offer);
    offers.push(offer);
  }
  return offers;
}

/** PENDING offers of a demand, optionally only those past their expiry. */
export async function pendingOffers(tx: EntityManager, demandId: number, { expiredBy }: { expiredBy?: Date } = {}): Promise<DemandOffer[]> {
  const query = tx.getRepository(DemandOffer).createQueryBuilder('o').where('o.demandId = :demandId AND o.status = :pending', { demandId, pending: OfferStatus.PENDING });
  if (expiredBy) query.andWhere('o.expiresAt <= :expiredBy', { expiredBy });
  if (isMysql(tx.connection)) query.setLock('pessimistic_write');
  return query.orderBy('o.id', 'ASC').getMany();
}

/** Moves the given PENDING offers to `status`; returns those it moved. */
export async function settleOffers(tx: EntityManager, offers: DemandOffer[], status: OfferStatus, extra: Partial<DemandOffer> = {}): Promise<DemandOffer[]> {
  if (!offers.length) return [];
  const respondedAt = new Date();
  await tx.update(DemandOffer, { id: In(offers.map((o) => o.id)), status: OfferStatus.PENDING }, { status, respondedAt, ...extra });
  return offers.map((o) => Object.assign(o, { status, respondedAt, ...extra }));
}

/** Every PENDING offer of the demand becomes WITHDRAWN (someone took it, or it left DISPATCHED). */
export async function withdrawPending(tx: EntityManager, demandId: number): Promise<DemandOffer[]> {
  return settleOffers(tx, await pendingOffers(tx, demandId), OfferStatus.WITHDRAWN);
}

/** Who hears of an event about these offers: each holder, on their offers topic. */
export function offerAudience(offers: DemandOffer[]): Audience[] {
  return offers.map((o) => ({ topic: topics.offers(o.accountId), refId: o.id }));
}
