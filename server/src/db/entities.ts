import { AuditEvent } from '../modules/audit/audit.entity';
import { EvidenceFile } from '../modules/evidence/evidence.entity';
import { AssessmentCriterion } from '../modules/assessment/assessment.entity';
import { CatalogueEntry } from '../modules/catalogue/catalogue.entity';
import { District } from '../modules/district/district.entity';
import { Duty, DutyAssignment, DutyTarget, ResponsibilityItem } from '../modules/duty/duty.entity';
import { ImportRun } from '../modules/import/import-run.entity';
import { Organisation, OrganisationAlias } from '../modules/organisation/organisation.entity';
import { Qualification } from '../modules/qualification/qualification.entity';
import { ClaimedTotal, Indicator, Plan, Target } from '../modules/plan/plan.entity';
import { LoginAttempt, Session, User, UserGrant } from '../modules/user/user.entity';

/**
 * Every TypeORM entity of the server. A new module adds its entities here (README: "Adding a module").
 * Listed explicitly rather than globbed so the same list works compiled, under vitest and in the CLI.
 */
export const entities: Function[] = [
  District,
  Organisation,
  OrganisationAlias,
  Plan,
  Indicator,
  Target,
  ClaimedTotal,
  Duty,
  ResponsibilityItem,
  DutyAssignment,
  DutyTarget,
  CatalogueEntry,
  Qualification,
  AssessmentCriterion,
  ImportRun,
  User,
  UserGrant,
  Session,
  LoginAttempt,
  AuditEvent,
  EvidenceFile,
];
