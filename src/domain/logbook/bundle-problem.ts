/**
 * What `jaga verify-bundle` found wrong in an evidence bundle (docs/evidence-bundle.md), with the
 * values its words need (the words: `src/messages/bundle-problem-messages.ts`). `part` names the
 * bundle part the finding is about, as it is named inside the bundle.
 */
export type BundleFinding =
  | { readonly code: 'container_invalid'; readonly params: { readonly offset: number; readonly reason: string } }
  | { readonly code: 'part_missing'; readonly params: { readonly part: string } }
  | { readonly code: 'part_unlisted'; readonly params: { readonly part: string } }
  | { readonly code: 'part_unreadable'; readonly params: { readonly part: string; readonly reason: string } }
  | { readonly code: 'part_changed'; readonly params: { readonly part: string } }
  | { readonly code: 'key_unreadable'; readonly params: { readonly part: string } }
  | { readonly code: 'key_not_supplied'; readonly params: { readonly keyId: string } }
  | { readonly code: 'key_differs'; readonly params: { readonly bundled: string; readonly supplied: string } }
  | { readonly code: 'manifest_signature_invalid'; readonly params: Record<string, never> }
  | { readonly code: 'checkpoint_signature_invalid'; readonly params: { readonly seq: number } }
  | { readonly code: 'checkpoint_other_key'; readonly params: { readonly seq: number; readonly keyId: string } }
  | { readonly code: 'entry_unreadable'; readonly params: { readonly line: number } }
  | { readonly code: 'entries_missing'; readonly params: { readonly from: number; readonly to: number } }
  | { readonly code: 'entry_out_of_order'; readonly params: { readonly seq: number; readonly after: number } }
  | { readonly code: 'entry_altered'; readonly params: { readonly seq: number; readonly caseId: string | null; readonly sealed: boolean; readonly next: number | null } }
  | { readonly code: 'chain_short'; readonly params: { readonly last: number; readonly checkpoint: number } }
  | { readonly code: 'chain_starts_late'; readonly params: { readonly first: number } }
  | { readonly code: 'recording_differs'; readonly params: { readonly file: string; readonly field: string; readonly logbook: string; readonly bundle: string } }
  | { readonly code: 'recording_missing'; readonly params: { readonly file: string } }
  | { readonly code: 'recording_unlogged'; readonly params: { readonly file: string } }
  | { readonly code: 'record_differs'; readonly params: { readonly entity: 'case' | 'session'; readonly id: string; readonly field: string; readonly logbook: string | null; readonly bundle: string | null; readonly seq: number } }
  | { readonly code: 'transfers_differ'; readonly params: { readonly index: number; readonly seq: number | null } }
  | { readonly code: 'form_unlogged'; readonly params: { readonly sha256: string } };

export type BundleProblem = BundleFinding & { readonly part: string };
