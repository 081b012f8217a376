import { BadRequestException, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, LessThan, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, badInput, conflict, notFound, ruleViolation } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Household } from '../households/household.entity.js';
import { Village } from '../villages/village.entity.js';
import type { Actor, Role } from '../common/actor.js';
import type { CreateUserDto, UpdateUserDto } from './dto.js';
import { addressKey, failedLoginActor, usernameKey } from './login-throttle.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { passwordProblem } from './password-policy.js';
import { Session } from './session.entity.js';
import { User, UserVillage } from './user.entity.js';

const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const PRUNE_SESSIONS_EVERY_MS = 60_000;

/** 400 naming one field, shaped like the validation pipe's errors (message: string[]) plus a code. */
function fieldError(code: string, field: string, text: string): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    code,
    message: [text.startsWith(`${field}:`) ? text : `${field}: ${text}`],
  });
}

function weakPassword(password: string, username: string, field: string): void {
  const problem = passwordProblem(password, username, field);
  if (problem) throw fieldError('WEAK_PASSWORD', field, problem);
}

function throttled(seconds: number): DomainError {
  return new DomainError(
    'TooMany',
    'LOGIN_THROTTLED',
    `失败次数过多，请 ${seconds} 秒后再试`,
    `too many failed attempts: try again in ${seconds} s`,
    { retryAfter: seconds },
  );
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  private lastSessionPruneMs = 0;
  /** Compared against when the username is unknown, so timing does not reveal which names exist. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly throttle: LoginThrottleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.adminPassword) return;
    const users = await this.dataSource.getRepository(User).count();
    if (users > 0) return;
    await this.tx.run(async (manager) => {
      await manager.getRepository(User).insert({
        id: randomUUID(),
        username: 'admin',
        passwordHash: await argon2.hash(this.config.adminPassword!, ARGON2_OPTIONS),
        role: 'admin',
        householdId: null,
        createdAt: this.clock.nowIso(),
        disabled: false,
      });
      await this.audit.record(manager, { username: 'system' }, { action: 'user.bootstrap-admin', target: 'admin' });
    });
    this.logger.log('Created user "admin" from ADMIN_PASSWORD');
  }

  async login(username: string, password: string, context: { requestId: string; ip: string }) {
    const keys = { username: usernameKey(username), address: addressKey(context.ip) };
    const wait = await this.throttle.claim([keys.username, keys.address]);
    if (wait > 0) throw throttled(wait);
    const user = await this.dataSource.getRepository(User).findOneBy({ username });
    const ok = await this.verifyPassword(user, password);
    const who = { username: failedLoginActor(username, user !== null), requestId: context.requestId, ip: context.ip };
    if (!user || !ok) {
      await this.tx.run((m) => this.audit.record(m, who, { action: 'auth.login-failed', target: user?.id ?? null }));
      throw new DomainError('Unauthorized', 'LOGIN_FAILED', '用户名或密码错误', 'wrong username or password');
    }
    if (user.disabled) {
      // Told only to whoever knows the password; the attempt stays counted.
      await this.tx.run((m) => this.audit.record(m, who, { action: 'auth.login-disabled', target: user.id }));
      throw new DomainError(
        'Unauthorized',
        'ACCOUNT_DISABLED',
        '该账号已停用，请联系管理员',
        'this account is disabled',
      );
    }
    const nowMs = this.clock.now().getTime();
    const iat = Math.floor(nowMs / 1000);
    const session: Session = {
      id: randomUUID(),
      userId: user.id,
      createdAt: new Date(nowMs).toISOString(),
      expiresAt: new Date((iat + this.config.jwtExpiresInSeconds) * 1000).toISOString(),
    };
    await this.tx.run(async (m) => {
      await this.throttle.succeeded(m, keys);
      await m.getRepository(Session).insert(session);
      await this.pruneSessions(m, nowMs);
      await this.audit.record(m, { ...who, userId: user.id, role: user.role } as Actor, {
        action: 'auth.login',
        target: user.id,
      });
    });
    // exp = iat + JWT_EXPIRES_IN_SECONDS, both on the product's clock (the guard verifies on it too).
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, jti: session.id, iat });
    return { accessToken, user: { id: user.id, username: user.username, role: user.role } };
  }

  /** Ends this token's session only. */
  async logout(actor: Actor): Promise<void> {
    await this.tx.run(async (m) => {
      if (actor.sessionId) await m.getRepository(Session).delete({ id: actor.sessionId });
      await this.audit.record(m, actor, { action: 'auth.logout', target: actor.userId });
    });
  }

  /** New password for the caller; every other session of the caller ends. Throttled like a login. */
  async changePassword(actor: Actor, oldPassword: string, newPassword: string): Promise<void> {
    weakPassword(newPassword, actor.username, 'new');
    if (newPassword === oldPassword) {
      throw fieldError('PASSWORD_UNCHANGED', 'new', '新密码须与原密码不同 / new must differ from old');
    }
    const keys = { username: usernameKey(actor.username), address: addressKey(actor.ip) };
    const wait = await this.throttle.claim([keys.username, keys.address]);
    if (wait > 0) throw throttled(wait);
    const user = await this.dataSource.getRepository(User).findOneBy({ id: actor.userId });
    if (!user || !(await this.verifyPassword(user, oldPassword))) {
      await this.tx.run((m) =>
        this.audit.record(m, actor, { action: 'user.password-change-failed', target: actor.userId }),
      );
      throw fieldError('WRONG_PASSWORD', 'old', '原密码不正确 / old is not the current password');
    }
    const passwordHash = await argon2.hash(newPassword, ARGON2_OPTIONS);
    await this.tx.run(async (m) => {
      await m.getRepository(User).update({ id: user.id }, { passwordHash });
      await m
        .getRepository(Session)
        .delete(actor.sessionId ? { userId: user.id, id: Not(actor.sessionId) } : { userId: user.id });
      await this.throttle.succeeded(m, keys);
      await this.audit.record(m, actor, { action: 'user.password-change', target: user.id });
    });
  }

  async createUser(actor: Actor, dto: CreateUserDto) {
    if (dto.role === 'household' && !dto.householdId) {
      throw badInput(
        'HOUSEHOLD_REQUIRED',
        'householdId: 户用户须指定所属户',
        'householdId is required for the household role',
      );
    }
    if (dto.role !== 'household' && dto.householdId) {
      throw badInput(
        'HOUSEHOLD_ONLY',
        'householdId: 只有户用户可以指定户',
        'householdId is only for the household role',
      );
    }
    weakPassword(dto.password, dto.username, 'password');
    const passwordHash = await argon2.hash(dto.password, ARGON2_OPTIONS);
    return this.tx.run(async (manager) => {
      let villageId = dto.villageId ?? null;
      if (dto.householdId) {
        const household = await manager.getRepository(Household).findOneBy({ id: dto.householdId });
        if (!household) throw notFound('household', '户');
        if (villageId && villageId !== household.villageId) {
          throw badInput(
            'HOUSEHOLD_VILLAGE',
            'householdId: 该户不属于所指定的嘎查/村',
            'householdId does not belong to villageId',
          );
        }
        villageId = household.villageId;
      }
      if (villageId && !(await manager.getRepository(Village).existsBy({ id: villageId }))) {
        throw notFound('village', '嘎查/村');
      }
      if (await manager.getRepository(User).existsBy({ username: dto.username })) {
        throw conflict('USERNAME_TAKEN', `用户名「${dto.username}」已存在`, `username ${dto.username} already exists`);
      }
      const user: User = {
        id: randomUUID(),
        username: dto.username,
        passwordHash,
        role: dto.role,
        householdId: dto.householdId ?? null,
        createdAt: this.clock.nowIso(),
        disabled: false,
      };
      await manager.getRepository(User).insert(user);
      if (villageId) await manager.getRepository(UserVillage).insert({ userId: user.id, villageId });
      await this.audit.record(manager, actor, {
        action: 'user.create',
        target: user.id,
        villageId,
        summary: { username: user.username, role: user.role, householdId: user.householdId },
      });
      return {
        id: user.id,
        username: user.username,
        role: user.role,
        villageIds: villageId ? [villageId] : [],
        householdId: user.householdId,
      };
    });
  }

  /**
   * Disable/enable an account or change its role. Disabling or a new role ends every session of the user
   * at once; the installation always keeps one enabled admin.
   */
  async updateUser(actor: Actor, userId: string, dto: UpdateUserDto) {
    return this.tx.run(async (manager) => {
      const users = manager.getRepository(User);
      // PostgreSQL: the enabled admins, then the user, locked in that order (processes cannot both remove the last).
      const lock = this.tx.isSqlite ? {} : { lock: { mode: 'pessimistic_write' as const } };
      const admins = await users.find({ where: { role: 'admin', disabled: false }, order: { id: 'ASC' }, ...lock });
      const user = await users.findOne({ where: { id: userId }, ...lock });
      if (!user) throw notFound('user', '用户');
      const role = dto.role ?? user.role;
      const disabled = dto.disabled ?? user.disabled;
      if (role !== user.role && (role === 'household' || user.role === 'household')) {
        throw ruleViolation(
          'ROLE_CHANGE_HOUSEHOLD',
          '户用户与工作人员之间不能改角色，请另建账号',
          'a household account cannot become staff or the reverse: create another account',
        );
      }
      const losesAdmin = user.role === 'admin' && !user.disabled && (role !== 'admin' || disabled);
      if (losesAdmin && admins.every((a) => a.id === user.id)) {
        throw ruleViolation(
          'LAST_ADMIN',
          '这是最后一个启用的管理员账号，不能停用或改为其他角色',
          'this is the last enabled admin: it cannot be disabled or given another role',
        );
      }
      if (role !== user.role || disabled !== user.disabled) {
        await users.update({ id: user.id }, { role, disabled });
        if (role !== user.role || disabled) await manager.getRepository(Session).delete({ userId: user.id });
        await this.audit.record(manager, actor, {
          action: 'user.update',
          target: user.id,
          summary: {
            username: user.username,
            ...(role !== user.role ? { role: { from: user.role, to: role } } : {}),
            ...(disabled !== user.disabled ? { disabled: { from: user.disabled, to: disabled } } : {}),
          },
        });
      }
      const villages = await manager.getRepository(UserVillage).findBy({ userId: user.id });
      return {
        id: user.id,
        username: user.username,
        role,
        disabled,
        householdId: user.householdId,
        villageIds: villages.map((v) => v.villageId),
      };
    });
  }

  /**
   * Grants a village, with a role of its own (a township accountant who is only a reader elsewhere). A role
   * for a village the user already has changes that role; without a role a second grant is a 409.
   */
  async grantVillage(actor: Actor, userId: string, villageId: string, role?: Role) {
    return this.tx.run(async (manager) => {
      const user = await manager.getRepository(User).findOneBy({ id: userId });
      if (!user) throw notFound('user', '用户');
      if (!(await manager.getRepository(Village).existsBy({ id: villageId }))) throw notFound('village', '嘎查/村');
      if (user.role === 'household') {
        throw badInput(
          'HOUSEHOLD_ONE_VILLAGE',
          '户用户只属于本户所在的嘎查/村',
          'a household user belongs to its own village only',
        );
      }
      const links = manager.getRepository(UserVillage);
      const existing = await links.findOneBy({ userId, villageId });
      if (existing && role === undefined) {
        throw conflict('ALREADY_GRANTED', '该用户已有此嘎查/村的权限', 'user already has this village');
      }
      const stored = role === undefined || role === user.role ? null : role;
      if (existing) await links.update({ userId, villageId }, { role: stored });
      else await links.insert({ userId, villageId, role: stored });
      await this.audit.record(manager, actor, {
        action: existing ? 'user.village-role' : 'user.grant-village',
        target: userId,
        villageId,
        summary: { role: stored ?? user.role, ...(existing ? { from: existing.role ?? user.role } : {}) },
      });
      return {
        id: user.id,
        username: user.username,
        role: user.role,
        ...villagesView(user, await links.findBy({ userId })),
      };
    });
  }

  async listUsers() {
    const users = await this.dataSource.getRepository(User).find({ order: { username: 'ASC' } });
    const links = await this.dataSource.getRepository(UserVillage).find();
    return {
      items: users.map((u) => ({
        id: u.id,
        username: u.username,
        role: u.role,
        disabled: u.disabled,
        householdId: u.householdId,
        ...villagesView(
          u,
          links.filter((l) => l.userId === u.id),
        ),
      })),
      total: users.length,
    };
  }

  private async verifyPassword(user: User | null, password: string): Promise<boolean> {
    this.dummyHash ??= argon2.hash('not-a-password', ARGON2_OPTIONS);
    const ok = await argon2.verify(user?.passwordHash ?? (await this.dummyHash), password).catch(() => false);
    return user !== null && ok;
  }

  private async pruneSessions(manager: EntityManager, nowMs: number): Promise<void> {
    if (nowMs - this.lastSessionPruneMs < PRUNE_SESSIONS_EVERY_MS) return;
    this.lastSessionPruneMs = nowMs;
    await manager.getRepository(Session).delete({ expiresAt: LessThan(new Date(nowMs).toISOString()) });
  }
}

/** A user's villages, and the role in each (the grant's own, else the user's). */
function villagesView(user: Pick<User, 'role'>, links: UserVillage[]) {
  return {
    villageIds: links.map((l) => l.villageId),
    villages: links.map((l) => ({ villageId: l.villageId, role: l.role ?? user.role })),
  };
}
