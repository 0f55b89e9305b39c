import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One import of one file: who, when, its checksum and the report it produced. */
@Entity()
export class ImportRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  planId: string | null;

  @Column({ type: 'uuid', nullable: true })
  districtId: string | null;

  @Column()
  fileName: string;

  @Column()
  checksum: string;

  @Column({ type: 'jsonb' })
  report: unknown;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
