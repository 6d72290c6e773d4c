import type { RegisterCommand } from '../context.js';
import { registerApply } from './apply.js';
import { registerAudit } from './audit.js';
import { registerCheck } from './check.js';
import { registerCodeowners } from './codeowners.js';
import { registerDeliveries } from './deliveries.js';
import { registerDiff } from './diff.js';
import { registerDrift } from './drift.js';
import { registerEvents } from './events.js';
import { registerExports } from './exports.js';
import { registerGenerate } from './generate.js';
import { registerImport } from './import.js';
import { registerInit } from './init.js';
import { registerJobs } from './jobs.js';
import { registerMock } from './mock.js';
import { registerNew } from './new.js';
import { registerPlan } from './plan.js';
import { registerPolicy } from './policy.js';
import { registerReconcile } from './reconcile.js';
import { registerReport } from './report.js';
import { registerRuntime } from './runtime.js';
import { registerSandbox } from './sandbox.js';
import { registerValidate } from './validate.js';

/** Every CLI command, explicitly and in help order. */
export const commands: RegisterCommand[] = [registerInit, registerNew, registerImport, registerValidate, registerCheck, registerPolicy, registerDiff, registerGenerate, registerPlan, registerApply, registerDrift, registerReconcile, registerReport, registerCodeowners, registerRuntime, registerAudit, registerEvents, registerDeliveries, registerJobs, registerExports, registerMock, registerSandbox];
