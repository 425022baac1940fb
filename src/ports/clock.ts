/** Where all time comes from, so tests can move it. */
export interface Clock {
  now(): Date;
}
