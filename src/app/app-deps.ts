import type { User } from '../domain/registry/user.js';
import type { Clock } from '../ports/clock.js';
import type { CheckpointSigner, NewSha256Stream, PasswordHasher, RandomToken, SecretBox, Sha256Hex, SshKeyGenerator, SshKeyInspector, Totp } from '../ports/crypto.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { UseCaseMetrics } from '../ports/metrics.js';
import type { RecordingStore } from '../ports/recording-store.js';
import type { Store } from '../ports/repositories.js';

/** Everything a use case may touch, passed explicitly. */
export interface AppDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly sha256: Sha256Hex;
  /** SHA-256 over bytes (recordings are checked against the hashes the logbook recorded). */
  readonly sha256Stream: NewSha256Stream;
  readonly signer: CheckpointSigner;
  readonly passwords: PasswordHasher;
  readonly secretBox: SecretBox;
  readonly totp: Totp;
  readonly randomToken: RandomToken;
  /** Key pairs for the gateway's logins to targets. */
  readonly sshKeys: SshKeyGenerator;
  /** Reads operator-supplied private keys for those logins. */
  readonly sshKeyInspector: SshKeyInspector;
  /** The gateway's session recordings: written by the recorder, finished by crash recovery, served by the download. */
  readonly recordings: RecordingStore;
  /** Refusals by rule and logbook append latency, for the operator's metrics (issue 14). */
  readonly metrics: UseCaseMetrics;
}

/** Who asks, and over which transport (recorded in the logbook). */
export interface Invocation {
  /** Username or id of the acting user; null only for installation bootstrap (`jaga admin create`). */
  readonly actor: string | null;
  readonly via: 'cli' | 'http' | 'gateway' | 'system';
  /** Client address, when the transport knows it (logged with refusals). */
  readonly sourceIp?: string;
  /** The user the transport already authenticated (and loaded) this request as; read-only use cases reuse it. */
  readonly user?: User;
  /** CLI: the operating-system account that ran the command (the CLI acts as `--as` without a password). */
  readonly operator?: string;
}
