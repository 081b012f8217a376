import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { Clock, clockFor } from './common/clock.js';
import { CoreModule } from './common/core.module.js';
import { IdempotencyInterceptor } from './common/idempotency.interceptor.js';
import { APP_CONFIG, type AppConfig } from './config/env.js';
import { PublicRateCounter } from './common/public-rate-counter.js';
import { publicRateCounterProvider } from './common/rate-limit.guard.js';
import { dataSourceOptions } from './database/data-source.js';
import { ClockController } from './clock.controller.js';
import { HealthController } from './health.controller.js';
import { HouseholdsModule } from './households/households.module.js';
import { IncomeModule } from './income/income.module.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { DividendsModule } from './dividends/dividends.module.js';
import { OperationsModule } from './operations/operations.module.js';
import { PaymentsModule } from './payments/payments.module.js';
import { PrintoutsModule } from './printouts/printouts.module.js';
import { WebModule } from './web/web.module.js';
import { ScoringModule } from './scoring/scoring.module.js';
import { SharesModule } from './shares/shares.module.js';
import { TownshipModule } from './township/township.module.js';
import { VillagesModule } from './villages/villages.module.js';

export interface AppOptions {
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.database), migrationsRun: true }),
        JwtModule.register({
          global: true,
          secret: config.jwtSecret,
          signOptions: { expiresIn: config.jwtExpiresInSeconds },
        }),
        CoreModule,
        AuthModule,
        VillagesModule,
        HouseholdsModule,
        SharesModule,
        LedgerModule,
        IncomeModule,
        AuditModule,
        ScoringModule,
        DividendsModule,
        PaymentsModule,
        PrintoutsModule,
        TownshipModule,
        WebModule,
        OperationsModule,
      ],
      controllers: [HealthController, ClockController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: options.clock ?? clockFor(config) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        publicRateCounterProvider,
      ],
      exports: [APP_CONFIG, Clock, PublicRateCounter],
    };
  }
}
