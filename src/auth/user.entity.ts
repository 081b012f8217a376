import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../common/actor.js';

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  /** For the household role: the one household this user may see. */
  @Column({ name: 'household_id', type: 'varchar', length: 36, nullable: true })
  householdId: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  /** A disabled account cannot log in and its sessions are gone. */
  @Column({ type: 'boolean', default: false })
  disabled: boolean;
}

/** A user keeps the books of one or more villages (a township agency accountant: many). */
@Entity('user_villages')
export class UserVillage {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @PrimaryColumn({ name: 'village_id', type: 'varchar', length: 36 })
  villageId: string;

  /** The user's role in this village; null: the user's own role (a township accountant, a cadre at home). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  role: Role | null;
}
