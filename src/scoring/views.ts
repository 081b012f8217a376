/** Response bodies of the scoring routes, and the functions that shape them from the entities. */
import { windowDays, windowState, type WindowState } from './publicity.js';
import type { Objection, PublicityWindow, Rule, RuleSet, ScoreEvent, ScoreEventStatus } from './scoring.entity.js';

export interface RuleView {
  code: string;
  name: string;
  category: string;
  minPoints: number;
  maxPoints: number;
  capPerYear: number | null;
}

export interface RuleSetView {
  id: string;
  villageId: string;
  year: number;
  baseScore: number;
  rules: RuleView[];
}

/** A rule set as read: frozen once a posted dividend run has used its year. */
export interface RuleSetDetail extends RuleSetView {
  frozen: boolean;
}

export interface RuleSetList {
  items: { id: string; year: number; baseScore: number }[];
  total: number;
}

export interface ScoreEventView {
  id: string;
  villageId: string;
  householdId: string;
  year: number;
  ruleCode: string;
  points: number;
  date: string;
  evidence: string;
  attachmentRef: string | null;
  status: ScoreEventStatus;
  recordedBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  voidsEventId: string | null;
  createdAt: string;
}

export interface ScoreEventList {
  items: ScoreEventView[];
  total: number;
}

export interface BulkRecorded {
  created: number;
  ids: string[];
}

export interface WindowView {
  id: string;
  villageId: string;
  year: number;
  round: number;
  startDate: string;
  endDate: string;
  days: number;
  state: WindowState;
  createdBy: string;
  createdAt: string | null;
}

export interface WindowList {
  items: WindowView[];
  total: number;
}

/** A decided objection; upheld ones name the approved counter-event that voids the event. */
export interface DecidedObjection extends Objection {
  counterEventId: string | null;
}

export interface ObjectionList {
  items: Objection[];
  total: number;
}

export interface ScorecardView {
  householdId: string;
  householdCode: string;
  headName: string;
  base: number;
  score: number;
  breakdown: { ruleCode: string; points: number }[];
  byCategory: { category: string; points: number }[];
  rank: number;
}

export function eventView(e: ScoreEvent): ScoreEventView {
  return {
    id: e.id,
    villageId: e.villageId,
    householdId: e.householdId,
    year: e.year,
    ruleCode: e.ruleCode,
    points: e.points,
    date: e.date,
    evidence: e.evidence,
    attachmentRef: e.attachmentRef,
    status: e.status,
    recordedBy: e.recordedBy,
    decidedBy: e.decidedBy,
    decidedAt: e.decidedAt,
    decisionReason: e.decisionReason,
    voidsEventId: e.voidsEventId,
    createdAt: e.createdAt,
  };
}

export function windowView(w: PublicityWindow, today: string): WindowView {
  return {
    id: w.id,
    villageId: w.villageId,
    year: w.year,
    round: w.round,
    startDate: w.startDate,
    endDate: w.endDate,
    days: windowDays(w.startDate, w.endDate),
    state: windowState(w, today),
    createdBy: w.createdBy,
    createdAt: w.createdAt,
  };
}

export function ruleSetView(ruleSet: RuleSet, rules: Rule[]): RuleSetView {
  return {
    id: ruleSet.id,
    villageId: ruleSet.villageId,
    year: ruleSet.year,
    baseScore: ruleSet.baseScore,
    rules: rules.map((r) => ({
      code: r.code,
      name: r.name,
      category: r.category,
      minPoints: r.minPoints,
      maxPoints: r.maxPoints,
      capPerYear: r.capPerYear,
    })),
  };
}
