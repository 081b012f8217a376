import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { Village, type VillageCharter } from './village.entity.js';

/** Every query of the villages table. */
@Injectable()
export class VillagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string, m: EntityManager = this.dataSource.manager): Promise<Village | null> {
    return m.getRepository(Village).findOneBy({ id });
  }

  findByCode(code: string): Promise<Village | null> {
    return this.dataSource.getRepository(Village).findOneBy({ code });
  }

  codeTaken(m: EntityManager, code: string): Promise<boolean> {
    return m.getRepository(Village).existsBy({ code });
  }

  async insert(m: EntityManager, village: Village): Promise<void> {
    await m.getRepository(Village).insert(village);
  }

  async updateCharter(m: EntityManager, id: string, charter: VillageCharter): Promise<void> {
    await m.getRepository(Village).update({ id }, { charter });
  }

  /** By code; all villages when `ids` is null. */
  list(ids: string[] | null): Promise<Village[]> {
    const repo = this.dataSource.getRepository(Village);
    return ids === null
      ? repo.find({ order: { code: 'ASC' } })
      : repo.find({ where: { id: In(ids.length ? ids : ['-']) }, order: { code: 'ASC' } });
  }
}
