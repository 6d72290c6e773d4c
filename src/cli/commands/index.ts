import type { RegisterCommand } from '../context.js';
import { registerDiff } from './diff.js';
import { registerValidate } from './validate.js';

/** Every CLI command, explicitly and in help order. */
export const commands: RegisterCommand[] = [registerValidate, registerDiff];
