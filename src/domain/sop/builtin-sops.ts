import type { SopDefinition } from './sop-definition.js';
import { SOP_01_2019 } from './sop-01.js';

/** SOP versions shipped with Jaga; `jaga migrate` stores any that are missing. */
export const BUILTIN_SOPS: readonly SopDefinition[] = [SOP_01_2019];
export const REMOTE_REPAIR_SOP_CODE = 'SOP-01';
