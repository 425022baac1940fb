import type { SshKeyLineProblem } from '../error-codes.js';
import { DomainError } from '../errors.js';

export interface SshPublicKey {
  /** `ssh-ed25519 AAAA… comment` as the user pasted it (normalised to type + base64 + comment). */
  readonly publicKey: string;
  /** OpenSSH form: `SHA256:` + unpadded base64 of the key blob's SHA-256. */
  readonly fingerprint: string;
}

export interface Workstation {
  readonly id: string;
  readonly assetTag: string;
  readonly serialNumber: string;
  readonly ownerUnitId: string | null;
  /** The user who uses this PC/notebook; its SSH keys authenticate only them. */
  readonly assignedUserId: string | null;
  /** A1a: owned by LKPP/LPSE (personnel's organisation), not a private or public machine. */
  readonly organisationOwned: boolean;
  /** The keys in service: only these authenticate. */
  readonly sshKeys: readonly SshPublicKey[];
  /** Keys revoked or replaced, kept as history (the logbook names their fingerprints). */
  readonly revokedKeys?: readonly RevokedSshKey[];
  /** A retired workstation authenticates nobody. */
  readonly retiredAt?: string | null;
  readonly createdAt: string;
}

export interface RevokedSshKey extends SshPublicKey {
  readonly revokedAt: string;
}

const KEY_TYPES = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa',
  'sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com'];

/** Splits an OpenSSH public key line; the blob's own type name must match the line's. */
export function parseSshPublicKeyLine(line: string): { type: string; base64: string; comment: string } {
  const bad = (problem: SshKeyLineProblem, type?: string) =>
    DomainError.of('invalid', 'workstation.ssh_key_invalid', type === undefined ? { problem } : { problem, type });
  const parts = line.trim().split(/\s+/);
  const [type, base64, ...comment] = parts;
  if (!type || !base64) throw bad('format');
  if (!KEY_TYPES.includes(type)) throw bad('type_unsupported', type);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0 || base64.length > 2800) {
    throw bad('base64');
  }
  return { type, base64, comment: comment.join(' ') };
}
