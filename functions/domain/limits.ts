/**
 * What a site takes from one request. Each limit is derived from what the store (DynamoDB, or
 * dynalite locally) and the API (API Gateway in front of Lambda) can carry, so that a request over
 * it is refused with a 4xx naming the limit before anything is written, instead of failing half
 * way with a 500.
 */

/**
 * How deep objects and arrays may nest in a request body or a stored document. DynamoDB refuses an
 * item nested deeper than 32 levels, and a document from a request is stored up to two levels
 * below an item's root (a table's `schema.meta`); FATE's own confs nest 8 deep, request body
 * included. 20 is more than twice FATE's depth and a dozen levels under DynamoDB's. It is checked
 * without recursion before anything recursive (zod, deepMerge, structuredClone, the SDK's
 * marshaller, which overflows the stack near 10,000 levels) sees the document.
 */
export const MAX_JSON_DEPTH = 20;

/**
 * Component, output, module, namespace and table names. FATE stores table names and namespaces in
 * 100-character columns; every name is a segment of at most two of our keys, and 100 keeps the
 * longest key (an output's sort key: component, role, party, kind and output name) far below
 * DynamoDB's 1,024-byte sort-key limit and an object key far below S3's 1,024 bytes.
 */
export const MAX_NAME_LENGTH = 100;

/**
 * Every record a site stores for a new job (job records and tasks) is written at once, at most this
 * large as DynamoDB counts an item. DynamoDB's item limit is 400 KB; the quarter kept free is what
 * later updates add to the same item (keys and index keys, status history, error reports, times).
 */
export const MAX_RECORD_BYTES = 300 * 1024;

/**
 * A job record holds every component's name twice (the DSL and the stages) beside the runtime conf
 * twice (as submitted and on party): at the longest name and the smallest component, 1,000
 * components take about 215 KB of the record's 300 KB; twice as many could never fit.
 */
export const MAX_COMPONENTS_PER_JOB = 1000;

/**
 * Tasks (components × parties) a job may have. The initiator writes one task item per component
 * and party, all in the job's one DynamoDB partition, which takes 1,000 write units a second, while
 * API Gateway waits 30 s for the answer: 5,000 items (at least 5,000 write units) are 5 s of that
 * partition. Checked before planning, so a role list of thousands of parties costs no planning.
 */
export const MAX_TASKS_PER_JOB = 5000;

/**
 * Write units (one per started KB of each item) a new job's records may take in all: 10 s of its
 * partition's 1,000 a second, a third of API Gateway's 30 s.
 */
export const MAX_JOB_WRITE_UNITS = 10_000;

/**
 * Columns of an uploaded table. Its header is stored twice (the table record's schema and the
 * upload's output meta, one string per column), each in an item of at most 400 KB.
 */
export const MAX_TABLE_COLUMNS = 10_000;
/** The header line itself, for the same two items: a third of an item each. */
export const MAX_TABLE_HEADER_BYTES = 128 * 1024;

/**
 * Grants one permission request may add or remove: one item each. FATE has about 60 modules; a
 * thousand covers every module and hundreds of datasets, and bounds the writes of one request.
 */
export const MAX_GRANTS_PER_REQUEST = 1000;

/**
 * Numbers a stored document may hold. The AWS SDK refuses to send an integer beyond JavaScript's
 * safe range (it could not come back exact), and DynamoDB refuses a magnitude under 1e-130.
 */
export const MAX_STORED_NUMBER = Number.MAX_SAFE_INTEGER;
export const MIN_STORED_MAGNITUDE = 1e-130;
/**
 * One line of an uploaded table, in characters. Uploads are read as streams, a line at a time, so
 * this is what bounds the memory an upload of any size takes: at the limits above (10,000 columns)
 * it leaves 100 characters a cell.
 */
export const MAX_TABLE_LINE_CHARS = 1024 * 1024;
