import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The running server: version and database state.' })
export class SystemStatus {
  @Field({ description: 'Server package version.' })
  version: string;

  @Field({ description: 'When this server process started.' })
  startedAt: Date;

  @Field({ description: 'Name of the newest applied database migration, if any.', nullable: true })
  latestMigration?: string;

  @Field({ description: 'PostgreSQL server version.' })
  databaseVersion: string;
}
