import { In, type DataSource, type EntityManager } from 'typeorm';
import { runInTransaction } from '../../core/transaction';
import { Account } from '../account/account.entity';
import { hashPassword } from '../account/password';
import { Role } from '../account/role';
import { LEVELS, Region } from '../region/region.entity';
import type { IdHasher } from '../volunteer/id-number';
import { DEMO_ACCOUNTS, DEMO_DISTRICT_CODE, DEMO_PASSWORD, buildDemoCity, type DemoRegion } from './demo-city';
import { createDemoVolunteers } from './demo-volunteers';

export class DemoRefusedError extends Error {}

/** Whether the demo city or any demo account (published password) is in the database. */
export async function demoDataPresent(db: DataSource): Promise<boolean> {
  if (await db.getRepository(Region).existsBy({ code: DEMO_DISTRICT_CODE })) return true;
  return db.getRepository(Account).existsBy({ username: In(DEMO_ACCOUNTS.map((demo) => demo.username)) });
}

/**
 * Loads the demo city, its accounts, registered volunteers and teams in one transaction; does
 * nothing when it is already there. The hasher keys the volunteers' (synthetic) ID numbers.
 */
export async function seedDemoCity(db: DataSource, hasher: IdHasher, env: string | undefined = process.env.NODE_ENV) {
  if (env === 'production') throw new DemoRefusedError('the demo city is refused when NODE_ENV=production');
  if (await db.getRepository(Region).existsBy({ code: DEMO_DISTRICT_CODE })) {
    return { created: false, summary: `region ${DEMO_DISTRICT_CODE} exists` };
  }
  const counts = [0, 0, 0, 0];
  let volunteers = 0;
  await runInTransaction(db, async (tx) => {
    const insert = async (node: DemoRegion, depth: number, parent: Region | null) => {
      const region = await tx.save(
        tx.create(Region, { level: LEVELS[depth], code: node.code, name: node.name, population: node.population, parentId: parent?.id ?? null, path: '/' }),
      );
      region.path = `${parent?.path ?? '/'}${region.id}/`;
      await tx.update(Region, { id: region.id }, { path: region.path });
      counts[depth] += 1;
      for (const child of node.children) await insert(child, depth + 1, region);
    };
    await insert(buildDemoCity(), 0, null);
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await createDemoAccounts(tx, passwordHash);
    volunteers = await createDemoVolunteers(tx, hasher, passwordHash);
  });
  return { created: true, summary: `${counts[0]} district, ${counts[1]} streets, ${counts[2]} communities, ${counts[3]} grids, ${DEMO_ACCOUNTS.length} accounts, ${volunteers} volunteers in 2 teams` };
}

async function createDemoAccounts(tx: EntityManager, passwordHash: string): Promise<void> {
  for (const demo of DEMO_ACCOUNTS) {
    if (await tx.existsBy(Account, { username: demo.username })) continue;
    const scope = demo.scope ? await tx.findOneByOrFail(Region, { code: demo.scope }) : null;
    await tx.save(tx.create(Account, { username: demo.username, passwordHash, role: demo.role as Role, scopeId: scope?.id ?? null }));
  }
}
