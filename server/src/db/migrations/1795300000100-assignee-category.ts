import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spellings of the categories of organisations that the responsibility lists name as assignees
 * (国有企业, 规上企业, 公办职业培训学校, 各行业主管部门, 区级有关部门, 各街镇), with the category
 * code each stands for. Filled by the importer from reference/assignee-categories.csv; read by the
 * importer to tell a category ("all state-owned enterprises") from a named organisation.
 * Shared reference data (no district): the same words mean the same category in every district.
 */
export class AssigneeCategory1795300000100 implements MigrationInterface {
  name = 'AssigneeCategory1795300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assignee_category (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (btrim(name) <> ''),
        name_key text NOT NULL UNIQUE,
        category text NOT NULL CHECK (category IN (
          'STATE_OWNED_ENTERPRISE','ABOVE_SCALE_ENTERPRISE','OTHER_ENTERPRISE','ALL_ENTERPRISES',
          'PUBLIC_VOCATIONAL_SCHOOL','TECHNICAL_COLLEGE','PRIVATE_TRAINING_SCHOOL',
          'ENTERPRISE_TRAINING_CENTRE','PUBLIC_TRAINING_BASE','ALL_TRAINING_INSTITUTIONS',
          'INDUSTRY_AUTHORITIES','RELEVANT_DEPARTMENTS','SUBDISTRICTS_AND_TOWNS'))
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE assignee_category`);
  }
}
