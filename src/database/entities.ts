import { AuditRecord } from '../audit/audit.entity.js';
import { LoginThrottleRecord, Session } from '../auth/session.entity.js';
import { User, UserVillage } from '../auth/user.entity.js';
import { DividendRun, Payout, PlanObjection, RunLine } from '../dividends/dividend.entity.js';
import { Payment } from '../payments/payment.entity.js';
import { Household, HouseholdChange, Member } from '../households/household.entity.js';
import { IdempotencyRecord } from '../common/idempotency.entity.js';
import { Account, IncomeSource, JournalEntry, JournalLine, YearClose } from '../ledger/ledger.entity.js';
import { Objection, PublicityWindow, Rule, RuleSet, ScoreEvent } from '../scoring/scoring.entity.js';
import { Holding, HoldingChange, ShareClass } from '../shares/share.entity.js';
import { Village } from '../villages/village.entity.js';

export const ENTITIES = [
  Village,
  User,
  UserVillage,
  Session,
  LoginThrottleRecord,
  Household,
  Member,
  HouseholdChange,
  ShareClass,
  Holding,
  HoldingChange,
  Account,
  JournalEntry,
  JournalLine,
  IncomeSource,
  YearClose,
  IdempotencyRecord,
  AuditRecord,
  RuleSet,
  Rule,
  ScoreEvent,
  Objection,
  PublicityWindow,
  DividendRun,
  PlanObjection,
  Payout,
  Payment,
  RunLine,
];
