/** The ways a notification leaves Jaga (issue 13): the outbox worker delivers through these. */

/** One email, already rendered in its recipient's language. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** SMTP delivery. `send` resolves when the server accepted the message and throws when it did not. */
export interface MailTransport {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

/** One webhook call, signed the Standard Webhooks way by the poster (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`). */
export interface WebhookRequest {
  readonly url: string;
  /** The endpoint's signing secret, unsealed for this call only (`whsec_<base64>`). */
  readonly secret: string;
  /** The message id: the same on every retry of one delivery. */
  readonly id: string;
  /** Seconds since the epoch, from the Clock. */
  readonly timestamp: number;
  /** The JSON body, exactly as signed. */
  readonly body: string;
}

export interface WebhookResponse {
  readonly status: number;
  /** The first bytes of the response body, for the delivery log (never a secret of ours). */
  readonly excerpt: string;
}

/** HTTP(S) POST of a webhook. Resolves with any HTTP status (2xx is success); throws on a network error or when `timeoutMs` passes. Follows no redirects. */
export interface WebhookPoster {
  post(request: WebhookRequest, timeoutMs: number): Promise<WebhookResponse>;
}
