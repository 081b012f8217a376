import { Injectable, OnApplicationBootstrap, Logger, Inject } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { truncateText } from '../common/text.js';
import { Clock } from '../common/clock.js';
import { DomainError, badInput, conflict, notFound } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Household } from '../households/household.entity.js';
import { Village } from '../villages/village.entity.js';
import type { Actor } from './actor.js';
import type { CreateUserDto } from './dto.js';
import { LoginThrottle } from './login-throttle.js';
import { User, UserVillage } from './user.entity.js';

const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  private readonly throttle = new LoginThrottle();
  /** Compared against when the username is unknown, so timing does not reveal which names exist. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
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
      });
      await this.audit.record(manager, { username: 'system' }, { action: 'user.bootstrap-admin', target: 'admin' });
    });
    this.logger.log('Created user "admin" from ADMIN_PASSWORD');
  }

  async login(username: string, password: string, context: { requestId: string; ip: string }) {
    const now = this.clock.now().getTime();
    const wait = this.throttle.lockedFor(username, now);
    if (wait > 0) {
      throw new DomainError(
        'TooMany',
        'LOGIN_LOCKED',
        `登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`,
        `too many failed logins; try again in ${wait} s`,
      );
    }
    const user = await this.dataSource.getRepository(User).findOneBy({ username });
    this.dummyHash ??= argon2.hash('not-a-password', ARGON2_OPTIONS);
    const ok = await argon2.verify(user?.passwordHash ?? (await this.dummyHash), password).catch(() => false);
    const who = { username, requestId: context.requestId, ip: context.ip };
    if (!user || !ok) {
      this.throttle.fail(username, now);
      await this.tx.run((m) =>
        this.audit.record(m, who, { action: 'auth.login-failed', target: truncateText(username, 64) }),
      );
      throw new DomainError('Unauthorized', 'LOGIN_FAILED', '用户名或密码错误', 'wrong username or password');
    }
    this.throttle.succeed(username);
    await this.tx.run((m) =>
      this.audit.record(m, { ...who, userId: user.id, role: user.role } as Actor, {
        action: 'auth.login',
        target: user.id,
      }),
    );
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role });
    return { accessToken, user: { id: user.id, username: user.username, role: user.role } };
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

  async grantVillage(actor: Actor, userId: string, villageId: string) {
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
      if (await manager.getRepository(UserVillage).existsBy({ userId, villageId })) {
        throw conflict('ALREADY_GRANTED', '该用户已有此嘎查/村的权限', 'user already has this village');
      }
      await manager.getRepository(UserVillage).insert({ userId, villageId });
      await this.audit.record(manager, actor, { action: 'user.grant-village', target: userId, villageId });
      const villages = await manager.getRepository(UserVillage).findBy({ userId });
      return { id: user.id, username: user.username, role: user.role, villageIds: villages.map((v) => v.villageId) };
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
        householdId: u.householdId,
        villageIds: links.filter((l) => l.userId === u.id).map((l) => l.villageId),
      })),
      total: users.length,
    };
  }
}
