import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import * as service from './user.service';
import { CreateUserInput, GrantInput, SignInPayload, UserAccount } from './user.types';

/** Accounts, grants and sessions. Who may call what: user.rules.ts; how: user.service.ts. */
@Resolver()
export class UserResolver {
  @Query(() => UserAccount, {
    nullable: true,
    description: 'The signed-in user with all their grants; null when signed out.',
  })
  viewer(@Ctx() ctx: RequestContext): Promise<UserAccount | null> {
    return service.viewerAccount(ctx);
  }

  @Query(() => [UserAccount], {
    description:
      'Users the caller manages: a city admin every user, a district admin the users holding a grant in their districts. `districtId` narrows; a district outside the caller’s gives [].',
  })
  users(
    @Ctx() ctx: RequestContext,
    @Arg('districtId', () => ID, { nullable: true }) districtId?: string | null,
  ): Promise<UserAccount[]> {
    return service.listUsers(ctx, districtId);
  }

  @Mutation(() => SignInPayload, {
    description:
      'Opens a session: sets the httpOnly skills_session cookie and returns the token for `Authorization: Bearer`. Wrong username or password: UNAUTHENTICATED; repeated failures: TOO_MANY_REQUESTS.',
  })
  signIn(
    @Ctx() ctx: RequestContext,
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
  ): Promise<SignInPayload> {
    return service.signIn(ctx, username, password);
  }

  @Mutation(() => Boolean, {
    description: 'Revokes the current session and clears the cookie; true when a session was revoked.',
  })
  signOut(@Ctx() ctx: RequestContext): Promise<boolean> {
    return service.signOut(ctx);
  }

  @Mutation(() => Boolean, { description: 'Changes the caller’s password and revokes their other sessions.' })
  changeOwnPassword(
    @Ctx() ctx: RequestContext,
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
  ): Promise<boolean> {
    return service.changeOwnPassword(ctx, currentPassword, newPassword);
  }

  @Mutation(() => UserAccount, {
    description: 'Creates a user with a first grant within the caller’s scope.',
  })
  createUser(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateUserInput) input: CreateUserInput,
  ): Promise<UserAccount> {
    return service.createUser(ctx, input);
  }

  @Mutation(() => UserAccount, { description: 'Adds a grant (role + scope) to a user the caller manages.' })
  grantRole(
    @Ctx() ctx: RequestContext,
    @Arg('userId', () => ID) userId: string,
    @Arg('grant', () => GrantInput) grant: GrantInput,
  ): Promise<UserAccount> {
    return service.grantRole(ctx, userId, grant);
  }

  @Mutation(() => UserAccount, {
    description: 'Removes a grant of the caller’s scope; answers with its user.',
  })
  revokeGrant(@Ctx() ctx: RequestContext, @Arg('grantId', () => ID) grantId: string): Promise<UserAccount> {
    return service.revokeGrant(ctx, grantId);
  }

  @Mutation(() => UserAccount, {
    description: 'Activates or deactivates a user (deactivation ends their sessions).',
  })
  setUserActive(
    @Ctx() ctx: RequestContext,
    @Arg('userId', () => ID) userId: string,
    @Arg('active', () => Boolean) active: boolean,
  ): Promise<UserAccount> {
    return service.setUserActive(ctx, userId, active);
  }
}
