import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { IncomeController } from './income.controller.js';
import { IncomeRepository } from './income.repository.js';
import { IncomeService } from './income.service.js';

@Module({ imports: [LedgerModule], controllers: [IncomeController], providers: [IncomeRepository, IncomeService] })
export class IncomeModule {}
