import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { IncomeSource } from '../ledger/ledger.entity.js';

/** Every query of a village's income sources (the journal itself is the ledger's). */
@Injectable()
export class IncomeRepository {
  constructor(private readonly dataSource: DataSource) {}

  findSource(m: EntityManager, villageId: string, code: string): Promise<IncomeSource | null> {
    return m.getRepository(IncomeSource).findOneBy({ villageId, code });
  }

  sourceExists(m: EntityManager, villageId: string, code: string): Promise<boolean> {
    return m.getRepository(IncomeSource).existsBy({ villageId, code });
  }

  async insertSource(m: EntityManager, source: IncomeSource): Promise<void> {
    await m.getRepository(IncomeSource).insert(source);
  }

  async updateSource(m: EntityManager, id: string, changes: Pick<IncomeSource, 'name' | 'active'>): Promise<void> {
    await m.getRepository(IncomeSource).update({ id }, changes);
  }

  /** A village's sources by code. */
  sources(villageId: string): Promise<IncomeSource[]> {
    return this.dataSource.getRepository(IncomeSource).find({ where: { villageId }, order: { code: 'ASC' } });
  }
}
