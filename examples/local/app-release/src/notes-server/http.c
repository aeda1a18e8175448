#include "http.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char *reason_phrase(int status) {
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    default: return "Internal Server Error";
    }
}

int http_write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, data, length);
        if (written < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        data += written;
        length -= (size_t)written;
    }
    return 0;
}

int http_respond_head(int fd, int status, size_t body_length) {
    char head[256];
    int length = snprintf(head, sizeof head,
                          "HTTP/1.1 %d %s\r\n"
                          "Content-Type: text/plain; charset=utf-8\r\n"
                          "Content-Length: %zu\r\n"
                          "Connection: close\r\n\r\n",
                          status, reason_phrase(status), body_length);
    if (length < 0 || (size_t)length >= sizeof head) return -1;
    return http_write_all(fd, head, (size_t)length);
}

int http_respond(int fd, int status, const char *body, size_t body_length) {
    if (http_respond_head(fd, status, body_length) != 0) return -1;
    return http_write_all(fd, body, body_length);
}

/* One read(2): the byte count, 0 at end of stream, -408 on the receive timeout, -1 on error. */
static ssize_t read_some(int fd, char *buffer, size_t capacity) {
    for (;;) {
        ssize_t got = read(fd, buffer, capacity);
        if (got >= 0) return got;
        if (errno == EINTR) continue;
        /* SO_RCVTIMEO expired: the client stalled mid-request. */
        if (errno == EAGAIN || errno == EWOULDBLOCK) return -408;
        return -1;
    }
}

/* The value of header `name` in the NUL-terminated `head`, or NULL. */
static const char *find_header(const char *head, const char *name) {
    size_t name_length = strlen(name);
    const char *line = strstr(head, "\r\n");
    while (line != NULL && line[2] != '\0') {
        line += 2;
        if (strncasecmp(line, name, name_length) == 0 && line[name_length] == ':') {
            const char *value = line + name_length + 1;
            while (*value == ' ' || *value == '\t') value++;
            return value;
        }
        line = strstr(line, "\r\n");
    }
    return NULL;
}

int http_read_request(int fd, struct http_request *request) {
    char head[HTTP_MAX_HEAD + 1];
    size_t used = 0;
    char *end = NULL;
    memset(request, 0, sizeof *request);

    while (end == NULL) {
        if (used == HTTP_MAX_HEAD) return 413;
        ssize_t got = read_some(fd, head + used, HTTP_MAX_HEAD - used);
        if (got == -408) return used == 0 ? -1 : 408;
        if (got <= 0) return used == 0 ? -1 : 400;
        used += (size_t)got;
        head[used] = '\0';
        end = strstr(head, "\r\n\r\n");
    }
    size_t head_length = (size_t)(end - head) + 4;

    /* Request line: METHOD SP PATH SP VERSION */
    char version[16];
    if (sscanf(head, "%15s %255s %15s", request->method, request->path, version) != 3) return 400;
    if (strncmp(version, "HTTP/1.", 7) != 0) return 400;

    size_t content_length = 0;
    const char *value = find_header(head, "Content-Length");
    if (value != NULL) {
        char *after = NULL;
        errno = 0;
        unsigned long long parsed = strtoull(value, &after, 10);
        if (errno != 0 || after == value) return 400;
        if (parsed > HTTP_MAX_BODY) return 413;
        content_length = (size_t)parsed;
    }

    /* Part of the body may have arrived with the head. */
    size_t early = used - head_length;
    if (early > content_length) early = content_length;
    memcpy(request->body, head + head_length, early);
    request->body_length = early;
    while (request->body_length < content_length) {
        ssize_t got = read_some(fd, request->body + request->body_length, content_length - request->body_length);
        if (got == -408) return 408;
        if (got <= 0) return 400;
        request->body_length += (size_t)got;
    }
    request->body[request->body_length] = '\0';
    return 0;
}
