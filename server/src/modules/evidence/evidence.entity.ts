import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 佐证材料: an uploaded file kept in PostgreSQL (`evidence_file`, migration WorkFoundation), so that
 * every API node can serve it. Attached to its owner row by (ownerType, ownerId); served only to
 * users who may read the owner (evidence.registry.ts). The content is never part of the GraphQL
 * type: it is downloaded from `GET /files/:id` (evidence.http.ts).
 */
@ObjectType({ description: '佐证材料（文件）' })
@Entity({ name: 'evidence_file' })
export class EvidenceFile {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  districtId: string;

  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Field({ description: 'What the file belongs to: PROGRESS_REPORT, QUALIFICATION, …' })
  @Column({ type: 'text' })
  ownerType: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  ownerId: string | null;

  @Field({ description: 'The name the file was uploaded with.' })
  @Column({ type: 'text' })
  fileName: string;

  @Field({ description: 'MIME type, decided by the server from the content (not the client).' })
  @Column({ type: 'text' })
  contentType: string;

  @Field(() => Int, { description: 'Size in bytes.' })
  @Column({ type: 'int' })
  byteSize: number;

  @Field({ description: 'SHA-256 of the content (hex).' })
  @Column({ type: 'text' })
  sha256: string;

  /** Never selected by default: lists of files must not pull megabytes of content. */
  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column({ type: 'uuid', nullable: true })
  uploadedBy: string | null;

  @Field()
  @Column({ type: 'timestamptz' })
  uploadedAt: Date;

  @Field({ description: 'Where the browser downloads the file (same origin, session required).' })
  get url(): string {
    return `/files/${this.id}`;
  }
}
