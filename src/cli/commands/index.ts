import type { Command } from '../command.js';
import { exportBundleCommand } from './bundle.commands.js';
import { caseCommands } from './case.commands.js';
import { logbookCommands } from './logbook.commands.js';
import { preferenceCommands } from './preference.commands.js';
import { registryCommands } from './registry.commands.js';
import { reportCommands } from './report.commands.js';
import { adminCreateCommand, backupCommand, migrateCommand } from './setup.commands.js';
import { sessionCommands } from './session.commands.js';
import { sopCommands } from './sop.commands.js';
import { tokenCommands } from './token.commands.js';
import { webhookCommands } from './webhook.commands.js';

export const COMMANDS: readonly Command[] = [
  migrateCommand, adminCreateCommand, ...registryCommands, ...sopCommands, ...caseCommands, exportBundleCommand, ...reportCommands, ...logbookCommands, ...sessionCommands, ...tokenCommands, ...preferenceCommands, backupCommand,
  // webhook endpoints (issue 13)
  ...webhookCommands,
];
