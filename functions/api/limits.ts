/**
 * The largest request body a site's API takes. Lambda's synchronous payload is 6 MB and API
 * Gateway sends binary bodies base64-encoded (4/3 larger) inside a JSON event, so 4 MiB is what
 * always fits; bigger uploads go through a presigned S3 URL. The local site uses the same limit
 * so a request refused in AWS is refused locally too — with FATE's envelope (retcode 101, 413).
 */
export const MAX_REQUEST_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The longest query string a site's API reads. API Gateway's HTTP API takes at most 10,240 bytes of
 * request line and header values together, so a longer one never reaches the Lambda; the local
 * site refuses it the same way (414) instead of decoding megabytes of it.
 */
export const MAX_QUERY_STRING_BYTES = 10_240;
