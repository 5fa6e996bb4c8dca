import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Account } from './account.entity';

export function createAccountLoaders(db: DataSource) {
  const byId = new DataLoader<number, Account | null>(async (ids) => {
    const rows = await db.getRepository(Account).findBy({ id: In([...ids]) });
    const map = new Map(rows.map((a) => [a.id, a]));
    return ids.map((id) => map.get(id) ?? null);
  });
  return { byId };
}

export type AccountLoaders = ReturnType<typeof createAccountLoaders>;
