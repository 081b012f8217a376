import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per live login: the token carries its id (`jti`), and the guard finds the row on every request,
 * so a logout, a password change, a disabled account or a role change ends tokens in every process at once.
 */
@Entity('sessions')
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index()
  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  /** The token's own `exp`; rows past it are pruned. */
  @Index()
  @Column({ name: 'expires_at', type: 'varchar', length: 32 })
  expiresAt: string;
}

/** Consecutive login failures of one username (hashed) or one client address; see login-throttle.ts. */
@Entity('login_throttle')
export class LoginThrottleRecord {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  key: string;

  @Column({ type: 'integer' })
  failures: number;

  @Index()
  @Column({ name: 'last_at', type: 'varchar', length: 32 })
  lastAt: string;
}
