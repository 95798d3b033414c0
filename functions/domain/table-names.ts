import { MAX_NAME_LENGTH } from './limits.js';

/**
 * A table's namespace and name: FATE's 100-character columns, and segments of the table's keys and
 * of its object key (`tables/<namespace>/<name>/…`), where "." and ".." would name a folder
 * instead of a table.
 */
const TABLE_NAME = new RegExp(`^[A-Za-z0-9_.-]{1,${MAX_NAME_LENGTH}}$`);

export function isTableName(value: unknown): value is string {
  return typeof value === 'string' && TABLE_NAME.test(value) && value !== '.' && value !== '..';
}

/** "namespace may only use …": the rule, for messages that name the field. */
export function tableNameRule(field: string): string {
  return `${field} may only use letters, digits, "_", "-" and "." (1 to ${MAX_NAME_LENGTH} characters) and may not be "." or ".."`;
}
