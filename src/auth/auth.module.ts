import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';

@Module({ controllers: [AuthController], providers: [AuthService, LoginThrottleService] })
export class AuthModule {}
