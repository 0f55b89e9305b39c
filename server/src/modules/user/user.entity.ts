import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../../auth/viewer';
import { District } from '../district/district.entity';
import { Organisation } from '../organisation/organisation.entity';

/**
 * A person's account (table `app_user`: `user` is reserved in SQL). Not a GraphQL type: the API
 * answers with `UserAccount` (user.types.ts), which has no password hash to leak.
 */
@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Lower-case, 3–64 of a-z 0-9 . _ - (see accounts.ts normaliseUsername). */
  @Column()
  username: string;

  @Column()
  displayName: string;

  /** argon2id (auth/password.ts). */
  @Column()
  passwordHash: string;

  @Column()
  active: boolean;

  @Column({ type: 'timestamptz' })
  passwordChangedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * A grant (user, role, scope). `districtId` is the tenant column: for an organisation role it is the
 * organisation's district (a composite foreign key keeps the two consistent).
 */
@Entity('user_grant')
export class UserGrant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'uuid', nullable: true })
  districtId: string | null;

  @ManyToOne(() => District, { nullable: true, createForeignKeyConstraints: false })
  @JoinColumn({ name: 'district_id' })
  district?: District | null;

  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { nullable: true, createForeignKeyConstraints: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}

/** A sign-in session (table `user_session`). Only the SHA-256 of the token is kept. */
@Entity('user_session')
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'bytea' })
  tokenHash: Buffer;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent: string | null;
}

/** Outcome of one sign-in attempt; only FAILURE counts toward a lock (auth/rate-limit.ts). */
export type LoginOutcome = 'SUCCESS' | 'FAILURE' | 'LOCKED' | 'INACTIVE';

/** One sign-in attempt (table `login_attempt`), written outside the request transaction. */
@Entity('login_attempt')
export class LoginAttempt {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column()
  username: string;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ type: 'text' })
  outcome: LoginOutcome;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}
