import { isExecutorRole } from '../../domain/auth/role.js';
import { assignedExecutor } from '../../domain/case/repair-case.js';
import type { NotificationRecord } from '../../domain/notification/notification-event.js';
import { isMandatoryFor, takesNotification } from '../../domain/notification/subscriptions.js';
import { DEFAULT_TIME_ZONE } from '../../domain/registry/unit.js';
import type { EmailMessage, MailTransport } from '../../ports/notification-channels.js';
import type { Repositories } from '../../ports/repositories.js';
import type { NotificationChannel } from './notification-channel.js';

/** Who an email goes to, as the channel read them for the renderer. */
export interface EmailRecipient {
  readonly email: string;
  readonly displayName: string;
  /** `users.language`, else Indonesian. */
  readonly lang: 'id' | 'en';
  /** The zone times are shown in: the notification's unit's, else the recipient's unit's, else WITA. */
  readonly timeZone: string;
  /** The notification is mandatory for them (the email says it cannot be muted). */
  readonly mandatory: boolean;
}

/** Renders one notification for one recipient (`presenters/notification-email.ts`, wired in src/main). */
export type NotificationEmailRenderer = (n: NotificationRecord, to: EmailRecipient, publicUrl: string) => EmailMessage;

export interface EmailChannelOptions {
  /** The installation's address for the links (JAGA_PUBLIC_URL), without a trailing slash. */
  readonly publicUrl: string;
  readonly render: NotificationEmailRenderer;
}

/**
 * The users an email notification goes to: active users with an address whose role takes the event
 * by default or by their unit's override, minus their mutes (never what is mandatory for them),
 * within their audience (an executor's own case; a unit-bound user's unit; an LKPP executor's
 * granted units). Read in the worker's transaction.
 */
export async function emailRecipients(tx: Repositories, n: NotificationRecord): Promise<string[]> {
  const users = (await tx.users.list()).filter((u) => u.active && u.email);
  if (users.length === 0) return [];
  const overrides = n.unitId === null ? [] : await tx.notificationSubscriptions.listOverrides(n.unitId, n.type);
  const muted = new Set(await tx.notificationSubscriptions.mutedBy(n.type));
  const c = n.caseId === null ? undefined : await tx.cases.findById(n.caseId);
  const caseExecutorId = c ? assignedExecutor(c) : null;
  const out: string[] = [];
  for (const u of users) {
    // Only an executor outside any unit needs their grants: they work in the units they are granted.
    const grantedUnitIds = isExecutorRole(u.role) && u.unitId === null && n.unitId !== null
      ? (await tx.grants.listForUser(u.id)).filter((g) => g.validUntil === null || g.validUntil > n.occurredAt).map((g) => g.unitId)
      : [];
    const override = overrides.find((o) => o.role === u.role)?.enabled;
    if (takesNotification(u, n, { override, muted: muted.has(u.id), caseExecutorId, grantedUnitIds })) out.push(u.id);
  }
  return out;
}

/**
 * The email channel (issue 13): recipients by subscription, each email rendered in the recipient's
 * language and sent through the MailTransport. Give it to the outbox worker's channel list.
 */
export function createEmailChannel(transport: MailTransport, options: EmailChannelOptions): NotificationChannel {
  return {
    kind: 'email',
    recipients: emailRecipients,
    async deliver(deps, recipient, n) {
      const found = await deps.store.read(async (tx) => {
        const user = await tx.users.findById(recipient);
        const unitId = n.unitId ?? user?.unitId ?? null;
        const unit = unitId === null ? undefined : await tx.units.findById(unitId);
        return user && { user, timeZone: unit?.timeZone ?? DEFAULT_TIME_ZONE };
      });
      // Deactivated, or the address removed, since the delivery was written: nothing to send, nothing to retry.
      if (!found || !found.user.active || !found.user.email) return 'skipped: the user is inactive or has no email address';
      const { user, timeZone } = found;
      const message = options.render(n, {
        email: user.email as string, displayName: user.displayName, lang: user.language ?? 'id', timeZone, mandatory: isMandatoryFor(user.role, n),
      }, options.publicUrl);
      await transport.send(message);
      return 'accepted by the SMTP server';
    },
  };
}
