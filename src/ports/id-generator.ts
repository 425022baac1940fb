/** New unique record ids (random, not guessable). */
export interface IdGenerator {
  newId(): string;
}
