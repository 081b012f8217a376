import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A write's first result, replayed for the same Idempotency-Key and body. */
@Entity('idempotency_keys')
export class IdempotencyRecord {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @PrimaryColumn({ name: 'key', type: 'varchar', length: 128 })
  key: string;

  @Column({ type: 'varchar', length: 300 })
  route: string;

  @Column({ name: 'body_hash', type: 'varchar', length: 64 })
  bodyHash: string;

  @Column({ name: 'status_code', type: 'integer' })
  statusCode: number;

  @Column({ type: 'text' })
  response: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;
}
