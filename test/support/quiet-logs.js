// The API logs every failed request (as it should in Lambda); in the test output that is noise.
// A test that checks logging passes its own Logger with an explicit level.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
