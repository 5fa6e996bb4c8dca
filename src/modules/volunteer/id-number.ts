import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { StartupError, type Config } from '../../config';
import { loadSecret } from '../../core/secrets';
import { AppSetting } from './volunteer.entity';
import { Gender, IdType } from './volunteer.enums';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character of a resident ID's first 17 digits (ISO 7064 MOD 11-2). */
export function checkCharacter(body17: string): string {
  return CHECK[WEIGHTS.reduce((acc, w, i) => acc + w * Number(body17[i]), 0) % 11];
}

export interface ResidentIdFacts {
  birthDate: string;
  gender: Gender;
}

/** Upper case without spaces or dashes: the form that is hashed, so "11010519491231002x" and "110105 19491231 002X" are one person. */
export function normaliseIdNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * A mainland resident ID (GB 11643-1999): 17 digits and a check character, the birth date in
 * characters 7-14 and the gender in the parity of the 17th. Null when any of that is wrong.
 */
export function parseResidentId(id: string): ResidentIdFacts | null {
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return null;
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return null;
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birthDate)) return null;
  return { birthDate, gender: Number(id[16]) % 2 === 1 ? Gender.MALE : Gender.FEMALE };
}

/** A real day of the Gregorian calendar in YYYY-MM-DD, after 1900. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCFullYear() >= 1900 && date.toISOString().slice(0, 10) === value;
}

const FINGERPRINT_SETTING = 'id_hash_key_fingerprint';

/**
 * Keyed hash of ID numbers (HMAC-SHA256 under ID_HASH_KEY). ID numbers are too few and too
 * structured for a plain hash: anyone with the table could enumerate them. With the key outside
 * the database, a dump reveals only the last four characters.
 */
export class IdHasher {
  constructor(private readonly key: Uint8Array) {}

  hash(type: IdType, normalised: string): string {
    return createHmac('sha256', this.key).update(`${type}:${normalised}`, 'utf8').digest('hex');
  }

  private fingerprint(): string {
    return createHmac('sha256', this.key).update('volunteer-grid id hash key fingerprint', 'utf8').digest('hex');
  }

  /**
   * A short name of the key (the start of its fingerprint), written beside hashes that leave the
   * database (bulk exports) so that a hash made under another key is recognised as such.
   */
  keyTag(): string {
    return this.fingerprint().slice(0, 12);
  }

  /**
   * The first start records which key the database's hashes were made with; a later start with
   * another key would silently stop finding duplicates, so it is refused.
   */
  async checkAgainst(db: DataSource): Promise<void> {
    const repo = db.getRepository(AppSetting);
    const mine = this.fingerprint();
    // INSERT-or-ignore then read: of two processes starting at once, the first key recorded wins.
    await repo.createQueryBuilder().insert().values({ name: FINGERPRINT_SETTING, value: mine }).orIgnore().execute();
    const stored = await repo.findOneByOrFail({ name: FINGERPRINT_SETTING });
    if (stored.value.length !== mine.length || !timingSafeEqual(Buffer.from(stored.value), Buffer.from(mine))) {
      throw new StartupError('ID_HASH_KEY is not the key this database registered volunteers with; restore the original key');
    }
  }
}

/** The hasher of this installation: ID_HASH_KEY, or the embedded default's generated key. */
export function idHasherFor(config: Config): IdHasher {
  return new IdHasher(loadSecret(config.idHashKey, config.dataDir, 'id-hash-key'));
}
