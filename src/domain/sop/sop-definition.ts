/**
 * The SOP as data. A definition is immutable once published: a revision is a new
 * definition with a new `version`, and every case keeps the version it was opened under.
 * Texts keep the SOP's Indonesian (`id`, the authority) with an English rendering (`en`).
 */
export interface Text {
  readonly id: string;
  readonly en: string;
}

export type StepCode = 'B1' | 'B2' | 'B3' | 'B4' | 'B5' | 'B6';
export const STEP_CODES: readonly StepCode[] = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6'];

export type A1Code = 'a' | 'b' | 'c' | 'd' | 'e';
export type A2Code = 'a' | 'b' | 'c' | 'd';

export interface SignatureRole {
  /** `mengetahui` | `dibuat_oleh` | `menyetujui` */
  readonly key: 'mengetahui' | 'dibuat_oleh' | 'menyetujui';
  readonly label: Text;
  /** The office (jabatan) that signs, e.g. "Koordinator LPSE". */
  readonly position: Text;
  /** Name of the holder when the SOP was signed; forms use the current holder instead. */
  readonly signedBy?: string;
}

export interface SopIdentity {
  readonly issuer: Text;
  readonly series: Text;
  readonly title: Text;
  /** Nomor SOP, e.g. `800 /SET-BP/SOP-01/LPSE/030/2019`. */
  readonly number: string;
  /** ISO dates (YYYY-MM-DD). */
  readonly createdOn: string;
  readonly revisedOn: string | null;
  readonly revisionNumber: string | null;
  readonly effectiveOn: string;
  /** Disahkan oleh. */
  readonly ratifiedBy: Text;
  readonly signatures: readonly SignatureRole[];
}

export interface Provision<C extends string> {
  readonly code: C;
  readonly text: Text;
  /** A1: whether a failed check blocks access (B3). A2: whether closing (B6) needs it. */
  readonly mandatory: boolean;
}

export interface SopStep {
  readonly code: StepCode;
  readonly activity: Text;
  /** Who may execute (Pelaksana): role ids of the product, in the SOP's order. */
  readonly executorRoles: readonly string[];
  /** Persyaratan/Perlengkapan; null where the SOP leaves it blank. */
  readonly requirement: Text | null;
  /**
   * Waktu (mutu baku) in minutes, null where the SOP says none. The clock of a step starts
   * when the previous step completes; B1's starts when the fault report is received.
   */
  readonly timeStandardMinutes: number | null;
  /** Output; null where the SOP says N/A. */
  readonly output: Text | null;
  /** Keterangan; null where blank. */
  readonly note: Text | null;
  /** Flowchart marker: `Mulai` (start) / `Selesai` (end). */
  readonly marker: 'start' | 'end' | null;
  /** Network restriction the SOP puts on this step (B5: intranet only). */
  readonly networkRestriction: 'intranet' | null;
}

export interface SopDefinition {
  /** Stable SOP code, e.g. `SOP-01`. */
  readonly code: string;
  /** Version label, unique per code, e.g. `2019.0`. */
  readonly version: string;
  readonly identity: SopIdentity;
  readonly legalBasis: readonly Text[];
  readonly executorQualifications: readonly Text[];
  readonly summary: Text;
  readonly equipment: readonly Text[];
  readonly purpose: Text;
  readonly records: readonly Text[];
  readonly warnings: readonly Text[];
  readonly definitions: readonly { readonly term: Text; readonly meaning: Text }[];
  readonly relatedSops: readonly Text[];
  readonly provisions: {
    /** A1: workstation/access conditions. */
    readonly a1: { readonly intro: Text; readonly items: readonly Provision<A1Code>[] };
    /** A2: what must be documented. */
    readonly a2: { readonly intro: Text; readonly items: readonly Provision<A2Code>[] };
  };
  readonly steps: readonly SopStep[];
}

/** The SOP step with that code; every definition has all six. */
export function sopStep(sop: SopDefinition, code: StepCode): SopStep {
  const step = sop.steps.find((s) => s.code === code);
  if (!step) throw new Error(`SOP ${sop.code} ${sop.version} has no step ${code}`);
  return step;
}
