import { Module } from '@nestjs/common';
import { DividendsModule } from '../dividends/dividends.module.js';
import { VerifyPageController } from './verify-page.controller.js';
import { WebController } from './web.controller.js';

@Module({ imports: [DividendsModule], controllers: [WebController, VerifyPageController] })
export class WebModule {}
