import type { DataSource } from 'typeorm';
import { byIdLoader } from '../../core/loaders';
import { Account } from './account.entity';

export function createAccountLoaders(db: DataSource) {
  return { byId: byIdLoader(db, Account) };
}

export type AccountLoaders = ReturnType<typeof createAccountLoaders>;
