import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { insertEntities } from '../common/entity-rows.js';
import { IN_CHUNK_DEFAULT, inChunks } from '../common/sql-in.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { PersonalField } from './personal-data.js';
import { Household, HouseholdChange, Member, type MemberStatus } from './household.entity.js';

export interface HouseholdSearch {
  villageId: string;
  /** A household user's own household: only it. */
  onlyId?: string;
  q?: string;
  status?: MemberStatus;
  limit: number;
  offset: number;
}

/**
 * Every query of the register's tables (households, members, their dated changes). Methods take the
 * caller's EntityManager inside a transaction and default to the data source's outside one.
 */
@Injectable()
export class HouseholdsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  private get db(): EntityManager {
    return this.dataSource.manager;
  }

  // ---- households ----------------------------------------------------------------------------------

  codeTaken(m: EntityManager, villageId: string, code: string): Promise<boolean> {
    return m.getRepository(Household).existsBy({ villageId, code });
  }

  findInVillage(villageId: string, id: string, m: EntityManager = this.db): Promise<Household | null> {
    return m.getRepository(Household).findOneBy({ id, villageId });
  }

  /** The village's households, by code. */
  ofVillage(villageId: string): Promise<Household[]> {
    return this.db.getRepository(Household).find({ where: { villageId }, order: { code: 'ASC' } });
  }

  /** Those of `codes` that the village already uses. */
  async existingCodes(m: EntityManager, villageId: string, codes: string[]): Promise<string[]> {
    const found = await inChunks(codes, IN_CHUNK_DEFAULT, (chunk) =>
      m.getRepository(Household).find({ select: { code: true }, where: { villageId, code: In(chunk) } }),
    );
    return found.map((h) => h.code);
  }

  /** The village's households with these codes, by code. */
  async byCodes(m: EntityManager, villageId: string, codes: string[]): Promise<Map<string, Household>> {
    const found = await inChunks(codes, IN_CHUNK_DEFAULT, (chunk) =>
      m.getRepository(Household).findBy({ villageId, code: In(chunk) }),
    );
    return new Map(found.map((h) => [h.code, h]));
  }

  async updateHousehold(m: EntityManager, id: string, changes: Partial<Household>): Promise<void> {
    await m.getRepository(Household).update({ id }, changes);
  }

  /** Households with their members and their 'create' changes, in bulk (columns from the entities). */
  async insertHouseholds(
    m: EntityManager,
    rows: { households: Household[]; members: Member[]; changes: HouseholdChange[] },
  ): Promise<void> {
    await insertEntities(m, Household, rows.households);
    await insertEntities(m, Member, rows.members);
    await insertEntities(m, HouseholdChange, rows.changes);
  }

  /**
   * A page of the village's households by code, and the count of all that match: `q` in the code, the
   * head, any member's name or a tag (tags are stored as a JSON array of strings); `status` of any member.
   */
  async search(s: HouseholdSearch): Promise<{ households: Household[]; total: number }> {
    const qb = this.db
      .getRepository(Household)
      .createQueryBuilder('h')
      .where('h.village_id = :villageId', { villageId: s.villageId });
    if (s.onlyId !== undefined) qb.andWhere('h.id = :own', { own: s.onlyId });
    if (s.q) {
      qb.andWhere(
        `(h.code LIKE :q OR h.head_name LIKE :q OR h.tags LIKE :q
          OR EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.name LIKE :q))`,
        { q: `%${s.q.replace(/[%_\\]/g, '')}%` },
      );
    }
    if (s.status) {
      qb.andWhere('EXISTS (SELECT 1 FROM members s WHERE s.household_id = h.id AND s.status = :status)', {
        status: s.status,
      });
    }
    const total = await qb.getCount();
    const households = await qb.orderBy('h.code', 'ASC').limit(s.limit).offset(s.offset).getMany();
    return { households, total };
  }

  // ---- members -------------------------------------------------------------------------------------

  /** Members of these households, each household's in register order. */
  async membersOf(householdIds: string[], m: EntityManager = this.db): Promise<Map<string, Member[]>> {
    const byHousehold = new Map<string, Member[]>();
    const repo = m.getRepository(Member);
    for (let i = 0; i < householdIds.length; i += 500) {
      const chunk = householdIds.slice(i, i + 500);
      const members = await repo.find({ where: { householdId: In(chunk) }, order: { position: 'ASC' } });
      for (const x of members) byHousehold.set(x.householdId, [...(byHousehold.get(x.householdId) ?? []), x]);
    }
    return byHousehold;
  }

  findMember(m: EntityManager, householdId: string, id: string): Promise<Member | null> {
    return m.getRepository(Member).findOneBy({ id, householdId });
  }

  /** Those of `ids` that belong to the household. */
  membersIn(m: EntityManager, householdId: string, ids: string[]): Promise<Member[]> {
    return m.getRepository(Member).findBy({ id: In(ids), householdId });
  }

  /** The household's members with this name (and relation, when given). */
  membersNamed(m: EntityManager, householdId: string, name: string, relation: string | null): Promise<Member[]> {
    return m.getRepository(Member).findBy({ householdId, name, ...(relation ? { relation } : {}) });
  }

  lastMember(m: EntityManager, householdId: string): Promise<Member | null> {
    return m.getRepository(Member).findOne({ where: { householdId }, order: { position: 'DESC' } });
  }

  async insertMember(m: EntityManager, member: Member): Promise<void> {
    await m.getRepository(Member).insert(member);
  }

  async updateMember(m: EntityManager, id: string, changes: Partial<Member>): Promise<void> {
    await m.getRepository(Member).update({ id }, changes);
  }

  // ---- history -------------------------------------------------------------------------------------

  async insertChange(m: EntityManager, change: HouseholdChange & { change: object }): Promise<void> {
    await m.getRepository(HouseholdChange).insert(change);
  }

  history(householdId: string): Promise<HouseholdChange[]> {
    return this.db.getRepository(HouseholdChange).find({ where: { householdId }, order: { at: 'ASC' } });
  }

  // ---- sealed personal data ------------------------------------------------------------------------

  /** Every sealed value of one personal field (`rotate-data-key` opens and seals them again). */
  sealedValues(m: EntityManager, field: PersonalField): Promise<{ id: string; sealed: string }[]> {
    const { table, column } = SEALED_COLUMNS[field];
    return m.query(`SELECT id, ${column} AS sealed FROM ${table} WHERE ${column} IS NOT NULL`);
  }

  async reseal(m: EntityManager, field: PersonalField, id: string, sealed: string): Promise<void> {
    const { table, column } = SEALED_COLUMNS[field];
    await m.query(...this.tx.bind(`UPDATE ${table} SET ${column} = :v WHERE id = :id`, { v: sealed, id }));
  }
}

const SEALED_COLUMNS: Record<PersonalField, { table: string; column: string }> = {
  bankAccount: { table: 'households', column: 'bank_account_sealed' },
  idNumber: { table: 'members', column: 'id_number_sealed' },
};
