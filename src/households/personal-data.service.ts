import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { HouseholdsRepository } from './households.repository.js';
import { DEV_DATA_KEY, Keyring, type PersonalField, maskValue } from './personal-data.js';

/** Roles that see personal information in full; every such read is audited. */
const UNMASKED_ROLES = new Set(['accountant', 'admin']);
/** Households named in one `personal.read` record (the count is always exact). */
const AUDIT_LIST_MAX = 1000;

export type ShowPersonal = (sealed: string | null, field: PersonalField, householdId: string) => string | null;

/**
 * What one response shows of personal information: masked for every role but accountant and admin; for
 * those the plain value, with each household and field noted so the read can be audited.
 */
export class PersonalView {
  private readonly revealed = new Map<string, Set<PersonalField>>();

  constructor(
    private readonly keyring: Keyring,
    readonly unmasked: boolean,
    private readonly logger: Logger,
  ) {}

  readonly show: ShowPersonal = (sealed, field, householdId) => {
    if (sealed === null) return null;
    let plain: string;
    try {
      plain = this.keyring.open(sealed, field);
    } catch (error) {
      // Never the value, only that it could not be opened (a key missing after a rotation, say).
      this.logger.error(`${field} of household ${householdId} cannot be opened: ${(error as Error).message}`);
      return '********';
    }
    if (!this.unmasked) return maskValue(plain);
    const fields = this.revealed.get(householdId) ?? new Set<PersonalField>();
    fields.add(field);
    this.revealed.set(householdId, fields);
    return plain;
  };

  get revealedCount(): number {
    return this.revealed.size;
  }

  /** The audit summary of what was shown in full: fields and households. */
  summary(purpose: string) {
    const households = [...this.revealed.keys()];
    const fields = [...new Set([...this.revealed.values()].flatMap((f) => [...f]))].sort();
    return {
      purpose,
      fields,
      householdCount: households.length,
      households: households.slice(0, AUDIT_LIST_MAX),
    };
  }
}

/** Seals, opens and shows ID numbers and bank accounts (DATA_KEY); audits every unmasked read. */
@Injectable()
export class PersonalDataService {
  private readonly logger = new Logger('PersonalData');
  readonly keyring: Keyring;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly register: HouseholdsRepository,
  ) {
    if (!config.dataKey) {
      this.logger.warn(
        'DATA_KEY is not set: personal data is sealed with the fixed development key (生产环境须设置 DATA_KEY)',
      );
    }
    this.keyring = new Keyring(config.dataKey ?? DEV_DATA_KEY, config.previousDataKeys ?? []);
  }

  seal(plain: string, field: PersonalField): string {
    return this.keyring.seal(plain, field);
  }

  open(sealed: string, field: PersonalField): string {
    return this.keyring.open(sealed, field);
  }

  /** The masked form of a sealed value (what history and audit records keep). */
  masked(sealed: string | null, field: PersonalField): string | null {
    return sealed === null ? null : maskValue(this.open(sealed, field));
  }

  view(actor: Actor): PersonalView {
    return new PersonalView(this.keyring, UNMASKED_ROLES.has(actor.role), this.logger);
  }

  /**
   * `rotate-data-key`: every value not sealed under the current DATA_KEY is opened (with DATA_KEY_PREVIOUS)
   * and sealed again, in one transaction; values are never written out in plain text.
   */
  rotate(): Promise<{ keyId: string; households: number; members: number }> {
    return this.tx.run(async (manager) => {
      const households = await this.reseal(manager, 'bankAccount');
      const members = await this.reseal(manager, 'idNumber');
      const summary = { keyId: this.keyring.currentId, households, members };
      await this.audit.record(manager, { username: 'cli' }, { action: 'personal.rotate', summary });
      return summary;
    });
  }

  private async reseal(manager: EntityManager, field: PersonalField): Promise<number> {
    let count = 0;
    for (const row of await this.register.sealedValues(manager, field)) {
      if (this.keyring.isCurrent(row.sealed)) continue;
      await this.register.reseal(
        manager,
        field,
        row.id,
        this.keyring.seal(this.keyring.open(row.sealed, field), field),
      );
      count++;
    }
    return count;
  }

  /** Writes `personal.read` when the view showed anything in full; inside `manager`'s transaction when given. */
  async recordReads(
    actor: Actor,
    villageId: string,
    view: PersonalView,
    purpose: string,
    manager?: EntityManager,
  ): Promise<void> {
    if (view.revealedCount === 0) return;
    const event = { action: 'personal.read', target: villageId, villageId, summary: view.summary(purpose) };
    if (manager) await this.audit.record(manager, actor, event);
    else await this.tx.run((m) => this.audit.record(m, actor, event));
  }
}
