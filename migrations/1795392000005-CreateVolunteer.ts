import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nowDefault } from '../src/core/dialect';

/**
 * The skill taxonomy: each skill serves one service category, so that matching can say "has a
 * skill for this demand's category". Seeded here (never edited once landed); admins add skills
 * through the API.
 */
const REFERENCE_SKILLS: Record<string, [code: string, name: string, nameEn: string][]> = {
  ELDER_CARE: [
    ['MEAL_DELIVERY', '助餐送餐', 'Meal delivery'],
    ['COMPANIONSHIP', '陪伴聊天', 'Companionship'],
    ['PERSONAL_CARE', '助浴保洁', 'Bathing and housekeeping'],
    ['HOSPITAL_ESCORT', '陪同就医', 'Escort to hospital'],
  ],
  CHILD_CARE: [
    ['HOMEWORK_TUTORING', '课业辅导', 'Homework tutoring'],
    ['CHILD_MINDING', '托管看护', 'Child minding'],
  ],
  HEALTH: [
    ['FIRST_AID', '急救', 'First aid'],
    ['HEALTH_ADVICE', '健康咨询', 'Health advice'],
    ['NURSING', '护理', 'Nursing'],
  ],
  LEGAL_AID: [['LEGAL_ADVICE', '法律咨询', 'Legal advice']],
  JOB_GUIDANCE: [
    ['CAREER_COACHING', '就业指导', 'Career coaching'],
    ['SKILLS_TRAINING', '技能培训', 'Skills training'],
  ],
  POVERTY_RELIEF: [['MATERIAL_AID', '物资帮扶', 'Material aid']],
  PUBLIC_ORDER: [
    ['PATROL', '治安巡逻', 'Patrol'],
    ['TRAFFIC_CONTROL', '交通疏导', 'Traffic control'],
  ],
  ENVIRONMENT: [
    ['CLEAN_UP', '环境清洁', 'Clean-up'],
    ['WASTE_SORTING', '垃圾分类指导', 'Waste sorting guidance'],
  ],
  CULTURE_SPORTS: [
    ['PERFORMANCE', '文艺演出', 'Performance'],
    ['SPORTS_COACHING', '体育指导', 'Sports coaching'],
  ],
  EDUCATION: [
    ['POLICY_OUTREACH', '政策宣讲', 'Policy outreach'],
    ['FRAUD_AWARENESS', '反诈宣传', 'Anti-fraud awareness'],
  ],
  CONVENIENCE: [
    ['APPLIANCE_REPAIR', '家电维修', 'Appliance repair'],
    ['PLUMBING_ELECTRICAL', '水电维修', 'Plumbing and electrical repair'],
    ['HAIRCUT', '义务理发', 'Haircuts'],
  ],
  DISABILITY: [
    ['DISABILITY_ASSIST', '助残陪护', 'Disability assistance'],
    ['SIGN_LANGUAGE', '手语', 'Sign language'],
  ],
  EMERGENCY: [
    ['RESCUE', '应急救援', 'Rescue'],
    ['FIREFIGHTING', '消防', 'Firefighting'],
  ],
  CITY_PROBLEM: [['CITY_INSPECTION', '市容巡查', 'City inspection']],
  PSYCH_SUPPORT: [['COUNSELLING', '心理咨询', 'Counselling']],
  MEDIATION: [['DISPUTE_MEDIATION', '纠纷调解', 'Dispute mediation']],
};

export class CreateVolunteer1795392000005 implements MigrationInterface {
  name = 'CreateVolunteer1795392000005';

  async up(q: QueryRunner): Promise<void> {
    const created = { type: 'datetime', precision: 3, default: nowDefault(q) };
    await q.createTable(
      new Table({
        name: 'skill',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'code', type: 'varchar', length: '32' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'nameEn', type: 'varchar', length: '100' },
          { name: 'categoryId', type: 'integer' },
          { name: 'createdAt', ...created },
        ],
        indices: [
          { name: 'uq_skill_code', columnNames: ['code'], isUnique: true },
          { name: 'ix_skill_category', columnNames: ['categoryId'] },
        ],
        foreignKeys: [{ name: 'fk_skill_category', columnNames: ['categoryId'], referencedTableName: 'service_category', referencedColumnNames: ['id'] }],
      }),
    );
    for (const [category, skills] of Object.entries(REFERENCE_SKILLS)) {
      const [row] = await q.manager.query('SELECT id FROM service_category WHERE code = ?', [category]);
      if (!row) continue; // an admin renamed the code before this ran; skills can be added by hand
      for (const [code, name, nameEn] of skills) await q.query('INSERT INTO skill (code, name, nameEn, categoryId) VALUES (?, ?, ?, ?)', [code, name, nameEn, row.id]);
    }

    await q.createTable(
      new Table({
        name: 'volunteer',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'accountId', type: 'integer' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'phone', type: 'varchar', length: '32' },
          { name: 'idType', type: 'varchar', length: '16' },
          // Keyed hash (HMAC-SHA256) of the ID number and its last four characters; never the number.
          { name: 'idHash', type: 'varchar', length: '64' },
          { name: 'idLast4', type: 'varchar', length: '4' },
          { name: 'birthDate', type: 'date' },
          { name: 'gender', type: 'varchar', length: '8' },
          { name: 'partyMember', type: 'boolean', default: false },
          { name: 'communityId', type: 'integer' },
          { name: 'gridId', type: 'integer', isNullable: true },
          { name: 'reportedInAt', type: 'date', isNullable: true },
          { name: 'organisationId', type: 'integer', isNullable: true },
          { name: 'onDuty', type: 'boolean', default: false },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'statusReason', type: 'varchar', length: '500', isNullable: true },
          { name: 'latitude', type: 'double', isNullable: true },
          { name: 'longitude', type: 'double', isNullable: true },
          { name: 'certifiedMinutes', type: 'integer', default: 0 },
          { name: 'createdById', type: 'integer', isNullable: true },
          { name: 'createdAt', ...created },
          { name: 'updatedAt', ...created },
        ],
        indices: [
          { name: 'uq_volunteer_account', columnNames: ['accountId'], isUnique: true },
          { name: 'uq_volunteer_id_hash', columnNames: ['idHash'], isUnique: true },
          { name: 'ix_volunteer_community', columnNames: ['communityId', 'id'] },
          { name: 'ix_volunteer_organisation', columnNames: ['organisationId', 'id'] },
        ],
        foreignKeys: [
          { name: 'fk_volunteer_account', columnNames: ['accountId'], referencedTableName: 'account', referencedColumnNames: ['id'] },
          { name: 'fk_volunteer_community', columnNames: ['communityId'], referencedTableName: 'region', referencedColumnNames: ['id'] },
          { name: 'fk_volunteer_grid', columnNames: ['gridId'], referencedTableName: 'region', referencedColumnNames: ['id'] },
          { name: 'fk_volunteer_organisation', columnNames: ['organisationId'], referencedTableName: 'organisation', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'volunteer_skill',
        columns: [
          { name: 'volunteerId', type: 'integer', isPrimary: true },
          { name: 'skillId', type: 'integer', isPrimary: true },
        ],
        indices: [{ name: 'ix_volunteer_skill_skill', columnNames: ['skillId'] }],
        foreignKeys: [
          { name: 'fk_volunteer_skill_volunteer', columnNames: ['volunteerId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { name: 'fk_volunteer_skill_skill', columnNames: ['skillId'], referencedTableName: 'skill', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'volunteer_certificate',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'volunteerId', type: 'integer' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'skillId', type: 'integer', isNullable: true },
          { name: 'issuer', type: 'varchar', length: '100', isNullable: true },
          { name: 'number', type: 'varchar', length: '64', isNullable: true },
          { name: 'issuedOn', type: 'date', isNullable: true },
          { name: 'expiresOn', type: 'date', isNullable: true },
          { name: 'createdById', type: 'integer', isNullable: true },
          { name: 'createdAt', ...created },
        ],
        indices: [
          { name: 'ix_volunteer_certificate_volunteer', columnNames: ['volunteerId', 'id'] },
          { name: 'ix_volunteer_certificate_expiry', columnNames: ['expiresOn'] },
        ],
        foreignKeys: [
          { name: 'fk_volunteer_certificate_volunteer', columnNames: ['volunteerId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { name: 'fk_volunteer_certificate_skill', columnNames: ['skillId'], referencedTableName: 'skill', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'volunteer_availability',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'volunteerId', type: 'integer' },
          // ISO weekday (1 = Monday) and minutes since local midnight in the city's time zone.
          { name: 'weekday', type: 'integer' },
          { name: 'startMinute', type: 'integer' },
          { name: 'endMinute', type: 'integer' },
        ],
        indices: [{ name: 'ix_volunteer_availability_volunteer', columnNames: ['volunteerId', 'weekday'] }],
        foreignKeys: [
          { name: 'fk_volunteer_availability_volunteer', columnNames: ['volunteerId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'volunteer_move',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'volunteerId', type: 'integer' },
          { name: 'fromCommunityId', type: 'integer', isNullable: true },
          { name: 'toCommunityId', type: 'integer' },
          { name: 'reportedInAt', type: 'date', isNullable: true },
          { name: 'note', type: 'varchar', length: '500', isNullable: true },
          { name: 'movedById', type: 'integer', isNullable: true },
          { name: 'movedAt', ...created },
        ],
        indices: [{ name: 'ix_volunteer_move_volunteer', columnNames: ['volunteerId', 'id'] }],
        foreignKeys: [
          { name: 'fk_volunteer_move_volunteer', columnNames: ['volunteerId'], referencedTableName: 'volunteer', referencedColumnNames: ['id'] },
          { name: 'fk_volunteer_move_from', columnNames: ['fromCommunityId'], referencedTableName: 'region', referencedColumnNames: ['id'] },
          { name: 'fk_volunteer_move_to', columnNames: ['toCommunityId'], referencedTableName: 'region', referencedColumnNames: ['id'] },
        ],
      }),
    );
    // Small facts about the installation, e.g. the fingerprint of the ID hash key in use.
    await q.createTable(
      new Table({
        name: 'app_setting',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'varchar', length: '255' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('app_setting');
    await q.dropTable('volunteer_move');
    await q.dropTable('volunteer_availability');
    await q.dropTable('volunteer_certificate');
    await q.dropTable('volunteer_skill');
    await q.dropTable('volunteer');
    await q.dropTable('skill');
  }
}
