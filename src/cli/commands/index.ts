import type { Command } from '../command.js';
import { exportBundleCommand } from './bundle.commands.js';
import { caseCommands } from './case.commands.js';
import { logbookCommands } from './logbook.commands.js';
import { preferenceCommands } from './preference.commands.js';
import { registryCommands } from './registry.commands.js';
import { reportCommands } from './report.commands.js';
import { adminCreateCommand, migrateCommand } from './setup.commands.js';
import { sessionCommands } from './session.commands.js';
import { sopCommands } from './sop.commands.js';
import { tokenCommands } from './token.commands.js';
import { webhookCommands } from './webhook.commands.js';
import { intakeCommands } from './intake.commands.js';
// issue 13: notifications
import { notificationCommands } from './notification.commands.js';
import { notificationSubscriptionCommands } from './notification-subscription.commands.js';

export const COMMANDS: readonly Command[] = [
  migrateCommand, adminCreateCommand, ...registryCommands, ...sopCommands, ...caseCommands, exportBundleCommand, ...reportCommands, ...logbookCommands, ...sessionCommands, ...tokenCommands, ...preferenceCommands,
  // webhook endpoints (issue 13)
  ...webhookCommands,
  // Alertmanager intake (issue 13):
  ...intakeCommands,
  // issue 13: notifications
  ...notificationCommands,
  // issue 13, email: addresses, subscriptions and mutes
  ...notificationSubscriptionCommands,
];
