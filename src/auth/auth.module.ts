import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';

@Module({
  controllers: [AuthController],
  providers: [AuthService, AuthRepository, LoginThrottleService],
  // The global AuthGuard reads sessions through it.
  exports: [AuthRepository],
})
export class AuthModule {}
