/**
 * Registry entries are retired, revoked or deactivated, never deleted: the logbook and past
 * cases refer to them. An entry's retirement time is null (or absent) while it is in service.
 */
export const isRetired = (at: string | null | undefined): boolean => at !== null && at !== undefined;
