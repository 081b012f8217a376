import type { MigrationInterface } from 'typeorm';

type MigrationClass = new () => MigrationInterface;
// Migrations in order, per dialect (generated ones by src/database/generate-migration.ts).
import { Initial1795499485258 as SqliteInitial } from './sqlite/1795499485258-Initial.js';
import { AppendOnlyAndChart1795499485300 as SqliteAppendOnly } from './sqlite/1795499485300-AppendOnlyAndChart.js';
import { RunPayoutCount1795502162992 as SqliteRunPayoutCount } from './sqlite/1795502162992-RunPayoutCount.js';
import { MemberRelationLength1795503705105 as SqliteMemberRelationLength } from './sqlite/1795503705105-MemberRelationLength.js';
import { RegisterOverTime1796193046110 as SqliteRegisterOverTime } from './sqlite/1796193046110-RegisterOverTime.js';
import { RegisterOverTime1796193046110 as PostgresRegisterOverTime } from './postgres/1796193046110-RegisterOverTime.js';
import { AccountsAndSessions1796194048102 as SqliteAccountsAndSessions } from './sqlite/1796194048102-AccountsAndSessions.js';
import { AccountsAndSessions1796194048102 as PostgresAccountsAndSessions } from './postgres/1796194048102-AccountsAndSessions.js';
import { PlanCourse1796194654550 as SqlitePlanCourse } from './sqlite/1796194654550-PlanCourse.js';
import { PlanCourse1796194654550 as PostgresPlanCourse } from './postgres/1796194654550-PlanCourse.js';
import { ScorePublicityRounds1796195415728 as SqliteScorePublicityRounds } from './sqlite/1796195415728-ScorePublicityRounds.js';
import { ScorePublicityRounds1796195415728 as PostgresScorePublicityRounds } from './postgres/1796195415728-ScorePublicityRounds.js';
import { HoldingChangeTarget1796200000000 as SqliteHoldingChangeTarget } from './sqlite/1796200000000-HoldingChangeTarget.js';
import { HoldingChangeTarget1796200000000 as PostgresHoldingChangeTarget } from './postgres/1796200000000-HoldingChangeTarget.js';
import { BooksComplete1796205109970 as SqliteBooksComplete } from './sqlite/1796205109970-BooksComplete.js';
import { BooksComplete1796205109970 as PostgresBooksComplete } from './postgres/1796205109970-BooksComplete.js';
import { VillageRoles1796205237931 as SqliteVillageRoles } from './sqlite/1796205237931-VillageRoles.js';
import { VillageRoles1796205237931 as PostgresVillageRoles } from './postgres/1796205237931-VillageRoles.js';
import { PaymentsPersonalData1796205487088 as SqlitePaymentsPersonalData } from './sqlite/1796205487088-PaymentsPersonalData.js';
import { PaymentsPersonalData1796205487088 as PostgresPaymentsPersonalData } from './postgres/1796205487088-PaymentsPersonalData.js';
import { Initial1795499485258 as PostgresInitial } from './postgres/1795499485258-Initial.js';
import { AppendOnlyAndChart1795499485300 as PostgresAppendOnly } from './postgres/1795499485300-AppendOnlyAndChart.js';
import { RunPayoutCount1795502162992 as PostgresRunPayoutCount } from './postgres/1795502162992-RunPayoutCount.js';
import { MemberRelationLength1795503705105 as PostgresMemberRelationLength } from './postgres/1795503705105-MemberRelationLength.js';

import { RunLines1796218008946 as SqliteRunLines } from './sqlite/1796218008946-RunLines.js';
import { RunLines1796218008946 as PostgresRunLines } from './postgres/1796218008946-RunLines.js';
export const SQLITE_MIGRATIONS: MigrationClass[] = [
  SqliteInitial,
  SqliteAppendOnly,
  SqliteRunPayoutCount,
  SqliteMemberRelationLength,
  SqliteRegisterOverTime,
  SqliteAccountsAndSessions,
  SqlitePlanCourse,
  SqliteScorePublicityRounds,
  SqliteHoldingChangeTarget,
  SqliteBooksComplete,
  SqliteVillageRoles,
  SqlitePaymentsPersonalData,
  SqliteRunLines,
];
export const POSTGRES_MIGRATIONS: MigrationClass[] = [
  PostgresInitial,
  PostgresAppendOnly,
  PostgresRunPayoutCount,
  PostgresMemberRelationLength,
  PostgresRegisterOverTime,
  PostgresAccountsAndSessions,
  PostgresPlanCourse,
  PostgresScorePublicityRounds,
  PostgresHoldingChangeTarget,
  PostgresBooksComplete,
  PostgresVillageRoles,
  PostgresPaymentsPersonalData,
  PostgresRunLines,
];
