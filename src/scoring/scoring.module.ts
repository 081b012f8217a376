import { Module } from '@nestjs/common';
import { PublicityService } from './publicity.service.js';
import { RuleSetsService } from './rule-sets.service.js';
import { ScoreEventsService } from './score-events.service.js';
import { ScoringController } from './scoring.controller.js';
import { ScoringRepository } from './scoring.repository.js';
import { ScoringService } from './scoring.service.js';

/** Exports ScoringService only: a year's scores and their status, as the dividend run and printouts read them. */
@Module({
  controllers: [ScoringController],
  providers: [ScoringRepository, RuleSetsService, ScoreEventsService, PublicityService, ScoringService],
  exports: [ScoringService],
})
export class ScoringModule {}
