import type { DataSource } from 'typeorm';
import { isMysql } from '../../core/database';

/** Database connections as `/metrics` reports them; `free` and `queued` exist for MySQL only. */
export interface PoolStats {
  open: number;
  free: number | null;
  queued: number | null;
}

/** The parts of mysql2's pool (behind TypeORM's MysqlDriver.pool) that hold its figures; not public API. */
interface Mysql2Pool {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

/** SQLite runs on one connection; MySQL's figures come from the mysql2 pool TypeORM created. */
export function poolStats(db: DataSource): PoolStats {
  if (!isMysql(db)) return { open: db.isInitialized ? 1 : 0, free: null, queued: null };
  const pool = (db.driver as unknown as { pool?: Mysql2Pool }).pool;
  return { open: pool?._allConnections?.length ?? 0, free: pool?._freeConnections?.length ?? 0, queued: pool?._connectionQueue?.length ?? 0 };
}
