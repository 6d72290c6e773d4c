import type { RegisterCommand } from '../context.js';
import { registerAudit } from './audit.js';
import { registerDiff } from './diff.js';
import { registerPolicy } from './policy.js';
import { registerRuntime } from './runtime.js';
import { registerValidate } from './validate.js';

/** Every CLI command, explicitly and in help order. */
export const commands: RegisterCommand[] = [registerValidate, registerPolicy, registerDiff, registerRuntime, registerAudit];
