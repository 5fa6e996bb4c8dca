import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isMysqlRunner, nowDefault } from '../src/core/dialect';

const TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete'];

/**
 * The audit log: one row per root mutation. Append-only in the database too: triggers refuse
 * UPDATE and DELETE on both databases (the application never issues either). Indexes end in `id`
 * so each filter also serves the newest-first order.
 */
export class CreateAuditLog1795392000017 implements MigrationInterface {
  name = 'CreateAuditLog1795392000017';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'at', type: 'datetime', precision: 3, default: nowDefault(q) },
          { name: 'actorAccountId', type: 'integer', isNullable: true },
          { name: 'actorRole', type: 'varchar', length: '20', isNullable: true },
          { name: 'apiKeyId', type: 'integer', isNullable: true },
          { name: 'operation', type: 'varchar', length: '64' },
          { name: 'targetId', type: 'varchar', length: '200', isNullable: true },
          { name: 'inputFields', type: 'varchar', length: '1000', default: "''" },
          { name: 'outcome', type: 'varchar', length: '8' },
          { name: 'errorCodes', type: 'varchar', length: '200', default: "''" },
          { name: 'address', type: 'varchar', length: '64', isNullable: true },
        ],
        // No foreign keys: the log outlives what it mentions and must never block or cascade.
        indices: [
          { name: 'ix_audit_log_at', columnNames: ['at'] },
          { name: 'ix_audit_log_actor', columnNames: ['actorAccountId', 'id'] },
          { name: 'ix_audit_log_operation', columnNames: ['operation', 'id'] },
          { name: 'ix_audit_log_target', columnNames: ['targetId', 'id'] },
          { name: 'ix_audit_log_outcome', columnNames: ['outcome', 'id'] },
          { name: 'ix_audit_log_address', columnNames: ['address', 'id'] },
        ],
      }),
    );
    for (const [name, event] of [[TRIGGERS[0], 'UPDATE'], [TRIGGERS[1], 'DELETE']]) {
      await q.query(
        isMysqlRunner(q)
          ? `CREATE TRIGGER ${name} BEFORE ${event} ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'`
          : `CREATE TRIGGER ${name} BEFORE ${event} ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of TRIGGERS) await q.query(`DROP TRIGGER IF EXISTS ${name}`);
    await q.dropTable('audit_log');
  }
}
