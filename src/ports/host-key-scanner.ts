/** What an SSH server presents as its host key. */
export interface ScannedHostKey {
  /** OpenSSH form, `SHA256:…`. */
  readonly fingerprint: string;
  /** e.g. `ssh-ed25519`. */
  readonly keyType: string;
}

/**
 * Reads a server's SSH host key without logging in (for re-pinning a target's host key). Fails
 * with a `precondition` DomainError (`target.scan_failed`) when the server cannot be reached.
 */
export interface HostKeyScanner {
  scan(host: string, port: number, opts?: { timeoutMs?: number }): Promise<ScannedHostKey>;
}
