import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { conflict, notFound, ruleViolation } from '../common/errors/domain-error.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import {
  type Manifest,
  ArchiveError,
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  packArchive,
  rowsToPart,
  unpackArchive,
  verifyArchiveParts,
} from './archive.js';
import {
  type AuditRow,
  type LedgerEntryRow,
  type LedgerLineRow,
  checkAuditExtract,
  checkLedgerChain,
  linesByEntry,
} from './chains.js';
import { upgradeArchiveRuns } from './archive-upgrade.js';
import { OperationsRepository } from './operations.repository.js';
import {
  type TableInfo,
  type TablePlan,
  type TableScope,
  normalizeValue,
  planVillageTables,
} from './village-tables.js';

export type Progress = (stage: string, done: number, total: number) => void;
type Row = Record<string, unknown>;

const AUDIT_PART = 'audit_log.jsonl';
const partName = (table: string) => `${table}.jsonl`;

function refuse(reason: string): never {
  throw ruleViolation(
    'ARCHIVE_REFUSED',
    `档案未通过校验，未导入：${reason}`,
    `archive refused, nothing imported: ${reason}`,
  );
}

/** Moves one village between installations (README "Operations"): a portable archive, verified on import. */
@Injectable()
export class VillageArchiveService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly operations: OperationsRepository,
  ) {}

  get dialect(): 'sqlite' | 'postgres' {
    return this.tx.isSqlite ? 'sqlite' : 'postgres';
  }

  /** The tables of a village from the entity metadata (tables added later are included). */
  tablePlan(): { plan: TablePlan[]; unclassified: string[] } {
    const tables: TableInfo[] = this.dataSource.entityMetadatas.map((m) => ({
      name: m.tableName,
      columns: m.columns.map((c) => ({ name: c.databaseName, type: String(c.type), primary: c.isPrimary })),
      foreignKeys: m.foreignKeys.map((fk) => ({
        columns: fk.columnNames,
        referencedTable: fk.referencedEntityMetadata.tableName,
        referencedColumns: fk.referencedColumnNames,
      })),
    }));
    return planVillageTables(tables);
  }

  async exportVillage(code: string, progress?: Progress) {
    const { plan, unclassified } = this.tablePlan();
    if (unclassified.length) throw new Error(`tables not classified for a village archive: ${unclassified.join(', ')}`);
    return this.tx.run(async (manager) => {
      await this.operations.snapshot(manager);
      const village = await this.operations.villageByCode(manager, code);
      if (!village) throw notFound(`village ${code}`, `村 ${code} `);
      const parts: { name: string; bytes: Buffer }[] = [];
      const counts = new Map<string, number>();
      const data = new Map<string, Row[]>();
      for (const [i, t] of plan.entries()) {
        progress?.('export', i, plan.length + 1);
        const rows = await this.readRows(manager, t, village.id);
        data.set(t.table, rows);
        const part = rowsToPart(rows);
        parts.push({ name: partName(t.table), bytes: part.bytes });
        counts.set(partName(t.table), part.rows);
      }
      const ledger = checkLedgerChain(
        (data.get('journal_entries') ?? []) as unknown as LedgerEntryRow[],
        linesByEntry((data.get('journal_lines') ?? []) as unknown as LedgerLineRow[]),
      );
      if (!ledger.ok) refuse(`source ledger broken at seq ${ledger.firstBadSeq}`);
      const audit = await this.operations.villageAudit(manager, village.id);
      const auditRows = audit.map((r) => normalizeAudit(r));
      const auditPart = rowsToPart(auditRows);
      parts.push({ name: AUDIT_PART, bytes: auditPart.bytes });
      counts.set(AUDIT_PART, auditPart.rows);
      const sourceAuditHead = await this.operations.auditHead(manager);
      progress?.('export', plan.length + 1, plan.length + 1);
      const manifest: Omit<Manifest, 'parts'> = {
        format: ARCHIVE_FORMAT,
        version: ARCHIVE_VERSION,
        createdAt: this.clock.nowIso(),
        sourceDialect: this.dialect,
        village: { id: village.id, code: village.code, name: village.name },
        ledgerHead: ledger.head,
        sourceAuditHead,
        tables: plan.map((t) => t.table),
      };
      return packArchive(parts, manifest, counts);
    });
  }

  private async readRows(manager: EntityManager, t: TablePlan, villageId: string): Promise<Row[]> {
    const raw = await this.operations.villageRows(manager, t.table, t.scope, this.planScopes(), villageId);
    const types = new Map(t.columns.map((c) => [c.name, c.type]));
    const primary = t.columns.filter((c) => c.primary).map((c) => c.name);
    // Normalized in place: a 25,000-household village is ~225,000 rows, copies cost more in GC than in work.
    const rows = raw;
    for (const r of rows) for (const [column, type] of types) r[column] = normalizeValue(r[column], type);
    // Sorted in code: the two dialects collate text differently, the archive must not depend on it.
    const keyed = rows.map((r) => ({ key: JSON.stringify(primary.map((c) => r[c])), r }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return keyed.map((k) => k.r);
  }

  private planScopes(): Map<string, TableScope> {
    return new Map(this.tablePlan().plan.map((t) => [t.table, t.scope]));
  }

  /** Checks every part and every chain, then inserts the village in one transaction and checks it again. */
  async importVillage(archive: Buffer, actor: Actor, progress?: Progress) {
    let unpacked: ReturnType<typeof unpackArchive>;
    let data: Map<string, Row[]>;
    try {
      unpacked = unpackArchive(archive);
      data = verifyArchiveParts(unpacked.parts, unpacked.manifest);
      upgradeArchiveRuns(unpacked.manifest, data);
    } catch (error) {
      if (error instanceof ArchiveError || error instanceof SyntaxError) refuse(error.message);
      throw error;
    }
    const { manifest, manifestSha256 } = unpacked;
    // Cheap refusal first (checked again inside the transaction).
    await this.checkTarget(this.dataSource.manager, manifest, []);
    const plan = this.checkAgainstSchema(manifest, data);
    const auditRows = (data.get(AUDIT_PART) ?? []) as unknown as AuditRow[];
    this.checkContent(manifest, plan, data, auditRows);
    progress?.('verified', 1, 3);
    const result = await this.tx.run(async (manager) => {
      await this.checkTarget(manager, manifest, data.get('users') ?? []);
      const skipUsers = await this.existingUsers(manager, data.get('users') ?? []);
      for (const t of plan) {
        let rows = data.get(partName(t.table)) ?? [];
        if (t.table === 'users') rows = rows.filter((r) => !skipUsers.has(r.id as string));
        if (rows.length === 0) continue;
        const columns = Object.keys(rows[0]);
        const values = rows.map((r) => columns.map((c) => denormalize(r[c])));
        await this.operations.insertArchiveRows(manager, t.table, columns, values);
      }
      progress?.('inserted', 2, 3);
      const head = await this.recheck(manager, manifest);
      progress?.('rechecked', 2, 3);
      await this.appendAudit(manager, actor, manifest, manifestSha256, auditRows);
      return head;
    });
    progress?.('committed', 3, 3);
    return {
      village: manifest.village,
      ledgerHead: result,
      manifestSha256,
      rows: Object.fromEntries(manifest.parts.map((p) => [p.name.replace(/\.jsonl$/, ''), p.rows])),
    };
  }

  /** The archive's tables exist here with every column it carries (an older server refuses a newer archive). */
  private checkAgainstSchema(manifest: Manifest, data: Map<string, Row[]>): TablePlan[] {
    const { plan } = this.tablePlan();
    const byTable = new Map(plan.map((t) => [t.table, t]));
    const expectedParts = new Set([...manifest.tables.map(partName), AUDIT_PART]);
    if (expectedParts.size !== data.size || [...data.keys()].some((p) => !expectedParts.has(p))) {
      refuse('parts differ from the manifest tables');
    }
    for (const table of manifest.tables) {
      const target = byTable.get(table);
      if (!target) refuse(`table ${table} does not exist here (upgrade this server first)`);
      const known = new Set(target.columns.map((c) => c.name));
      for (const row of data.get(partName(table)) ?? []) {
        for (const column of Object.keys(row)) if (!known.has(column)) refuse(`${table}.${column} does not exist here`);
      }
    }
    return plan.filter((t) => manifest.tables.includes(t.table));
  }

  /** Rows belong to the village, the ledger chain verifies to the manifest's head, each audit record hashes. */
  private checkContent(manifest: Manifest, plan: TablePlan[], data: Map<string, Row[]>, audit: AuditRow[]): void {
    const villageId = manifest.village.id;
    const values = new Map<string, Set<unknown>>();
    const valuesOf = (table: string, column: string) => {
      const key = `${table}.${column}`;
      if (!values.has(key)) values.set(key, new Set((data.get(partName(table)) ?? []).map((r) => r[column])));
      return values.get(key)!;
    };
    const villages = data.get(partName('villages')) ?? [];
    if (villages.length !== 1 || villages[0].id !== villageId || villages[0].code !== manifest.village.code) {
      refuse('the villages part does not hold exactly the manifest village');
    }
    const households = new Set((data.get(partName('households')) ?? []).map((r) => r.id));
    const linked = new Set((data.get(partName('user_villages')) ?? []).map((r) => r.user_id));
    for (const t of plan) {
      const rows = data.get(partName(t.table)) ?? [];
      const s = t.scope;
      for (const r of rows) {
        const ok =
          s.kind === 'root' ||
          (s.kind === 'village' && r[s.column] === villageId) ||
          (s.kind === 'parent' && valuesOf(s.parent, s.parentColumn).has(r[s.column])) ||
          (s.kind === 'users' && (linked.has(r.id) || households.has(r.household_id)));
        if (!ok) refuse(`a ${t.table} row does not belong to village ${manifest.village.code}`);
      }
    }
    const ledger = checkLedgerChain(
      (data.get(partName('journal_entries')) ?? []) as unknown as LedgerEntryRow[],
      linesByEntry((data.get(partName('journal_lines')) ?? []) as unknown as LedgerLineRow[]),
    );
    if (!ledger.ok) refuse(`ledger chain broken at seq ${ledger.firstBadSeq}`);
    if (ledger.head.seq !== manifest.ledgerHead.seq || ledger.head.hash !== manifest.ledgerHead.hash) {
      refuse(`ledger head #${ledger.head.seq} ${ledger.head.hash} is not the manifest's`);
    }
    const auditCheck = checkAuditExtract(audit);
    if (!auditCheck.ok || audit.some((r) => r.village_id !== villageId)) {
      refuse(`audit record ${auditCheck.firstBadSeq ?? ''} does not verify`);
    }
  }

  private async checkTarget(manager: EntityManager, manifest: Manifest, users: Row[]): Promise<void> {
    if (await this.operations.villageExists(manager, manifest.village.code, manifest.village.id)) {
      throw conflict(
        'VILLAGE_EXISTS',
        `村代码 ${manifest.village.code} 已存在，未导入`,
        `village ${manifest.village.code} already exists here; nothing imported`,
      );
    }
    for (const u of users) {
      const other = await this.operations.userIdNamed(manager, u.username);
      if (other !== null && other !== u.id) {
        throw conflict(
          'USERNAME_TAKEN',
          `用户名 ${String(u.username)} 已被占用，未导入`,
          `username ${String(u.username)} is taken here; nothing imported`,
        );
      }
    }
  }

  /** Users already here with the same id (a township auditor of several villages) are linked, not copied. */
  private async existingUsers(manager: EntityManager, users: Row[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const u of users) {
      if (await this.operations.userExists(manager, u.id)) found.add(u.id as string);
    }
    return found;
  }

  /** Reads the inserted journal back on this dialect and verifies it entry by entry before the commit. */
  private async recheck(manager: EntityManager, manifest: Manifest) {
    const { entries, lines } = await this.operations.journal(manager, manifest.village.id);
    const check = checkLedgerChain(entries, linesByEntry(lines));
    if (!check.ok || check.head.hash !== manifest.ledgerHead.hash || check.head.seq !== manifest.ledgerHead.seq) {
      refuse(`after insert the ledger does not verify here (seq ${check.firstBadSeq ?? check.head.seq})`);
    }
    return check.head;
  }

  /**
   * The installation's audit chain cannot take foreign seqs: one `village.import` record names the archive,
   * then each carried record is appended as a new one whose summary keeps the original (seq, hash, at).
   */
  private async appendAudit(manager: EntityManager, actor: Actor, manifest: Manifest, sha: string, rows: AuditRow[]) {
    const villageId = manifest.village.id;
    await this.audit.record(manager, actor, {
      action: 'village.import',
      target: manifest.village.code,
      villageId,
      summary: {
        manifestSha256: sha,
        sourceDialect: manifest.sourceDialect,
        ledgerHead: manifest.ledgerHead,
        sourceAuditHead: manifest.sourceAuditHead,
        auditRecords: rows.length,
      },
    });
    for (const r of rows) {
      const original = { userId: r.actor_id, username: r.actor, role: r.role, requestId: r.request_id, ip: r.ip };
      await this.audit.record(manager, original as unknown as Actor, {
        action: r.action,
        target: r.target,
        villageId,
        summary: {
          importedFrom: { manifestSha256: sha, seq: Number(r.seq), hash: r.hash, prevHash: r.prev_hash, at: r.at },
          original: JSON.parse(r.summary) as unknown,
        },
      });
    }
  }
}

function normalizeAudit(r: AuditRow): Row {
  return {
    seq: Number(r.seq),
    at: r.at,
    actor_id: r.actor_id,
    actor: r.actor,
    role: r.role,
    action: r.action,
    target: r.target,
    village_id: r.village_id,
    request_id: r.request_id,
    ip: r.ip,
    summary: r.summary,
    prev_hash: r.prev_hash,
    hash: r.hash,
  };
}

function denormalize(value: unknown): unknown {
  if (value && typeof value === 'object' && 'base64' in value) return Buffer.from(String(value.base64), 'base64');
  return value;
}
