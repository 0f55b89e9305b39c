import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { GraphQLJSON } from '../../graphql/json';

/**
 * 操作日志: who did what to which row, when, before and after (migration WorkFoundation).
 * Append-only: written in the transaction of the mutation it records (audit.service.ts), never
 * updated or deleted through the API (no policy, and the privilege is revoked from the app role).
 */
@ObjectType({ description: '操作日志事件' })
@Entity({ name: 'audit_event' })
export class AuditEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Field(() => String, { nullable: true, description: 'Role of the grant the actor used.' })
  @Column({ type: 'text', nullable: true })
  actorRole: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorGrantId: string | null;

  @Field(() => ID, { nullable: true, description: 'NULL: a city-level event.' })
  @Column({ type: 'uuid', nullable: true })
  districtId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Field({ description: 'What kind of row: PLAN, DUTY, PROGRESS_REPORT, USER, …' })
  @Column({ type: 'text' })
  entityType: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  entityId: string | null;

  @Field({ description: 'What was done: CREATE, UPDATE, SUBMIT, APPROVE, RETURN, IMPORT, …' })
  @Column({ type: 'text' })
  action: string;

  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  after: unknown;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  requestId: string | null;
}
