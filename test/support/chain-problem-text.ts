import type { ChainFinding } from '../../src/domain/logbook/chain-verifier.js';
import { chainProblemText } from '../../src/messages/chain-problem-messages.js';

/** The English words of a verification finding (empty when there is none), for assertions and their messages. */
export const problemEn = (p: ChainFinding | null | undefined): string => (p ? chainProblemText(p, 'en') : '');
