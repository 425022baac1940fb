import type { WitnessLocation } from '../../domain/logbook/witness-location.js';
import type { Witness } from '../../ports/witness.js';
import { DirWitness } from './dir-witness.js';
import { HttpWitness } from './http-witness.js';

/** The adapter for a configured witness. */
export const openWitness = (w: WitnessLocation): Witness => (w.kind === 'dir' ? new DirWitness(w.path) : new HttpWitness(w.url));
