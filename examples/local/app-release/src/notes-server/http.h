/*
 * A tiny HTTP/1.1 request reader and response writer: one request per connection,
 * `Connection: close`, bodies only by Content-Length. Enough for the notes API, and
 * small enough to read in one sitting.
 */
#ifndef NOTES_HTTP_H
#define NOTES_HTTP_H

#include <stddef.h>

enum { HTTP_MAX_HEAD = 8192, HTTP_MAX_BODY = 16384 };

struct http_request {
    char method[16];
    char path[256];
    char body[HTTP_MAX_BODY + 1]; /* NUL-terminated copy of the body */
    size_t body_length;
};

/*
 * Reads one request from `fd`. Returns 0 on success, otherwise the HTTP status to answer
 * with (400 malformed, 413 too large, 408 when the client stalls) or -1 when the peer went
 * away and nothing should be written.
 */
int http_read_request(int fd, struct http_request *request);

/* Writes a complete response with a text/plain body. Returns 0, or -1 on a write error. */
int http_respond(int fd, int status, const char *body, size_t body_length);

/* Writes a status line and headers for a text/plain body of `body_length` bytes to follow. */
int http_respond_head(int fd, int status, size_t body_length);

/* Writes all of `data`, retrying short writes. Returns 0, or -1 on error. */
int http_write_all(int fd, const char *data, size_t length);

#endif
