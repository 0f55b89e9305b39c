import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Role } from '../../auth/viewer';
import { District } from '../district/district.entity';
import { Organisation } from '../organisation/organisation.entity';

/** A grant as the API shows it: role and scope, with the district and organisation resolved. */
@ObjectType('UserGrant', {
  description:
    '授权：角色 + 范围。CITY_ADMIN 无区县与单位；DISTRICT_ADMIN、VIEWER 有区县；单位角色有单位及其所属区县。',
})
export class UserGrantView {
  @Field(() => ID)
  id: string;

  @Field(() => Role)
  role: Role;

  @Field(() => ID, {
    nullable: true,
    description: 'The district of the scope (for an organisation role: its district).',
  })
  districtId: string | null;

  @Field(() => District, { nullable: true })
  district: District | null;

  @Field(() => ID, { nullable: true })
  organisationId: string | null;

  @Field(() => Organisation, { nullable: true })
  organisation: Organisation | null;

  @Field()
  createdAt: Date;
}

/**
 * A user account. `grants` lists what the caller may see: all of them for the user themself and for
 * a city admin, the grants of the districts they administer for a district admin.
 */
@ObjectType('User', { description: '用户账号（不含密码）' })
export class UserAccount {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Lower-case sign-in name.' })
  username: string;

  @Field()
  displayName: string;

  @Field({ description: 'A deactivated user cannot sign in and has no session.' })
  active: boolean;

  @Field()
  createdAt: Date;

  @Field(() => [UserGrantView])
  grants: UserGrantView[];
}

@ObjectType({ description: '登录结果：会话令牌（浏览器另收到 httpOnly Cookie）与当前用户' })
export class SignInPayload {
  @Field({
    description:
      'Session token for scripts: send `Authorization: Bearer <token>`. Browsers use the skills_session cookie set by the same response.',
  })
  token: string;

  @Field({ description: 'When the session ends (SESSION_TTL_HOURS after sign-in).' })
  expiresAt: Date;

  @Field(() => UserAccount)
  user: UserAccount;
}

@InputType({ description: '授权范围：角色，以及区县（区县角色）或单位（单位角色）' })
export class GrantInput {
  @Field(() => Role)
  role: Role;

  @Field(() => ID, {
    nullable: true,
    description:
      'DISTRICT_ADMIN / VIEWER: required. Organisation roles: optional, must be the organisation’s.',
  })
  districtId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'DEPARTMENT_HEAD / INSTITUTION_ADMIN / ENTERPRISE_ADMIN: required.',
  })
  organisationId?: string | null;
}

@InputType()
export class CreateUserInput {
  @Field({ description: '3–64 of a-z 0-9 . _ - (stored lower-case).' })
  username: string;

  @Field()
  displayName: string;

  @Field({ description: 'Initial password: 8–100 characters, two of letters / digits / symbols.' })
  password: string;

  @Field(() => GrantInput, { description: 'The first grant (a user is always created with one).' })
  grant: GrantInput;
}
