import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nowDefault } from '../src/core/dialect';

/**
 * The reference list of service categories, from the content areas of the five seed reports, with
 * service levels (hours to accept and to complete, per urgency). Kept in the migration so that it
 * never changes after landing; admins change categories through the API.
 */
interface ReferenceCategory {
  code: string;
  name: string;
  nameEn: string;
  levels: { ROUTINE: [number, number]; URGENT: [number, number]; EMERGENCY: [number, number] };
}

const STANDARD = { ROUTINE: [24, 72], URGENT: [4, 24], EMERGENCY: [0.5, 4] } as ReferenceCategory['levels'];
const CARE = { ROUTINE: [12, 48], URGENT: [2, 12], EMERGENCY: [0.5, 4] } as ReferenceCategory['levels'];
const SLOW = { ROUTINE: [48, 240], URGENT: [8, 72], EMERGENCY: [1, 24] } as ReferenceCategory['levels'];

const REFERENCE_CATEGORIES: ReferenceCategory[] = [
  { code: 'ELDER_CARE', name: '养老助老', nameEn: 'Elder care', levels: CARE },
  { code: 'CHILD_CARE', name: '儿童关爱与课后托管', nameEn: 'Child care and after-school', levels: CARE },
  { code: 'HEALTH', name: '医疗健康', nameEn: 'Health', levels: CARE },
  { code: 'LEGAL_AID', name: '法律援助', nameEn: 'Legal aid', levels: SLOW },
  { code: 'JOB_GUIDANCE', name: '就业指导', nameEn: 'Job guidance', levels: SLOW },
  { code: 'POVERTY_RELIEF', name: '扶贫帮困', nameEn: 'Poverty relief', levels: STANDARD },
  { code: 'PUBLIC_ORDER', name: '治安巡逻', nameEn: 'Public order and patrol', levels: STANDARD },
  { code: 'ENVIRONMENT', name: '环境卫生', nameEn: 'Environment and sanitation', levels: STANDARD },
  { code: 'CULTURE_SPORTS', name: '文化体育', nameEn: 'Culture and sports', levels: SLOW },
  { code: 'EDUCATION', name: '宣传教育', nameEn: 'Education and publicity', levels: SLOW },
  { code: 'CONVENIENCE', name: '便民服务', nameEn: 'Everyday convenience', levels: STANDARD },
  { code: 'DISABILITY', name: '助残服务', nameEn: 'Disability support', levels: CARE },
  { code: 'EMERGENCY', name: '应急救援', nameEn: 'Emergency', levels: { ROUTINE: [1, 8], URGENT: [0.5, 4], EMERGENCY: [0.25, 2] } },
  { code: 'CITY_PROBLEM', name: '城市问题', nameEn: 'City problem', levels: { ROUTINE: [24, 120], URGENT: [4, 48], EMERGENCY: [1, 8] } },
  { code: 'PSYCH_SUPPORT', name: '心理疏导', nameEn: 'Psychological support', levels: CARE },
  { code: 'MEDIATION', name: '邻里调解', nameEn: 'Neighbour mediation', levels: SLOW },
];

export class CreateServiceCategory1795392000002 implements MigrationInterface {
  name = 'CreateServiceCategory1795392000002';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'service_category',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'code', type: 'varchar', length: '32' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'nameEn', type: 'varchar', length: '100' },
          { name: 'active', type: 'boolean', default: true },
          { name: 'createdAt', type: 'datetime', precision: 3, default: nowDefault(q) },
          { name: 'updatedAt', type: 'datetime', precision: 3, default: nowDefault(q) },
        ],
        indices: [{ name: 'uq_service_category_code', columnNames: ['code'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'service_level',
        columns: [
          { name: 'categoryId', type: 'integer', isPrimary: true },
          { name: 'urgency', type: 'varchar', length: '16', isPrimary: true },
          { name: 'acceptMinutes', type: 'integer' },
          { name: 'completeMinutes', type: 'integer' },
        ],
        foreignKeys: [{ name: 'fk_service_level_category', columnNames: ['categoryId'], referencedTableName: 'service_category', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    // Plain INSERTs: `manager.insert('<table>', ...)` would use today's entity metadata, and a column
    // added to the entity by a later migration would break this one.
    for (const category of REFERENCE_CATEGORIES) {
      await q.query('INSERT INTO service_category (code, name, nameEn, active) VALUES (?, ?, ?, ?)', [category.code, category.name, category.nameEn, 1]);
      const [{ id }] = await q.query(`SELECT id FROM service_category WHERE code = ?`, [category.code]);
      for (const [urgency, [accept, complete]] of Object.entries(category.levels)) {
        await q.query('INSERT INTO service_level (categoryId, urgency, acceptMinutes, completeMinutes) VALUES (?, ?, ?, ?)', [id, urgency, Math.round(accept * 60), Math.round(complete * 60)]);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('service_level');
    await q.dropTable('service_category');
  }
}
