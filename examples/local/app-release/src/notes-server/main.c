/*
 * notes-server: the example job of the local cloud demo.
 *
 *   notes-server CONFIG
 *
 * CONFIG holds `key=value` lines (`#` starts a comment):
 *   bind      IPv4 address to listen on (the VM's IP)
 *   port      TCP port
 *   greeting  what `GET /` answers
 *   data_dir  where notes.txt lives (the persistent disk, so notes survive a VM recreate)
 *
 * API: `GET /` -> the greeting; `POST /notes` -> appends the body as one line;
 * `GET /notes` -> every note, one per line. One connection at a time: it is a demo.
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

struct config {
    char bind[64];
    int port;
    char greeting[512];
    char data_dir[1024];
};

static volatile sig_atomic_t stopping = 0;

static void on_stop_signal(int signal_number) {
    (void)signal_number;
    stopping = 1;
}

/* Copies `value` into `target` (of `capacity` bytes); fails when it does not fit. */
static int copy_value(char *target, size_t capacity, const char *value) {
    size_t length = strlen(value);
    if (length >= capacity) return -1;
    memcpy(target, value, length + 1);
    return 0;
}

static int load_config(const char *path, struct config *config) {
    FILE *file = fopen(path, "r");
    if (file == NULL) {
        fprintf(stderr, "notes-server: cannot open config '%s': %s\n", path, strerror(errno));
        return -1;
    }
    memset(config, 0, sizeof *config);
    char line[2048];
    int number = 0;
    int failed = 0;
    while (!failed && fgets(line, sizeof line, file) != NULL) {
        number++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#') continue;
        char *equals = strchr(line, '=');
        if (equals == NULL) {
            fprintf(stderr, "notes-server: %s:%d: expected key=value\n", path, number);
            failed = 1;
            break;
        }
        *equals = '\0';
        const char *key = line;
        const char *value = equals + 1;
        if (strcmp(key, "bind") == 0) {
            failed = copy_value(config->bind, sizeof config->bind, value);
        } else if (strcmp(key, "port") == 0) {
            char *end = NULL;
            long port = strtol(value, &end, 10);
            failed = end == value || *end != '\0' || port < 1 || port > 65535;
            config->port = (int)port;
        } else if (strcmp(key, "greeting") == 0) {
            failed = copy_value(config->greeting, sizeof config->greeting, value);
        } else if (strcmp(key, "data_dir") == 0) {
            failed = copy_value(config->data_dir, sizeof config->data_dir, value);
        }
        /* Unknown keys are ignored so newer templates keep working with older binaries. */
        if (failed) fprintf(stderr, "notes-server: %s:%d: bad value for '%s'\n", path, number, key);
    }
    fclose(file);
    if (failed) return -1;
    if (config->bind[0] == '\0' || config->port == 0 || config->data_dir[0] == '\0') {
        fprintf(stderr, "notes-server: %s: 'bind', 'port' and 'data_dir' are required\n", path);
        return -1;
    }
    return 0;
}

static int listen_on(const struct config *config) {
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((uint16_t)config->port);
    if (inet_pton(AF_INET, config->bind, &address.sin_addr) != 1) {
        fprintf(stderr, "notes-server: '%s' is not an IPv4 address\n", config->bind);
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        perror("notes-server: socket");
        return -1;
    }
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0 || listen(fd, 16) != 0) {
        fprintf(stderr, "notes-server: cannot listen on %s:%d: %s\n", config->bind, config->port, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* Appends the body as one line: line breaks inside it become spaces. */
static int append_note(const struct config *config, struct http_request *request) {
    for (size_t i = 0; i < request->body_length; i++) {
        if (request->body[i] == '\r' || request->body[i] == '\n' || request->body[i] == '\0') request->body[i] = ' ';
    }
    char path[1100];
    snprintf(path, sizeof path, "%s/notes.txt", config->data_dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) {
        fprintf(stderr, "notes-server: cannot open '%s': %s\n", path, strerror(errno));
        return -1;
    }
    int failed = http_write_all(fd, request->body, request->body_length) != 0 || http_write_all(fd, "\n", 1) != 0;
    /* The point of the demo is that notes survive: make sure they reached the disk. */
    failed = failed || fsync(fd) != 0;
    close(fd);
    return failed ? -1 : 0;
}

static void send_notes(int client, const struct config *config) {
    char path[1100];
    snprintf(path, sizeof path, "%s/notes.txt", config->data_dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            http_respond(client, 200, "", 0);
        } else {
            http_respond(client, 500, "cannot read notes\n", 18);
        }
        return;
    }
    struct stat info;
    if (fstat(fd, &info) != 0) {
        close(fd);
        http_respond(client, 500, "cannot read notes\n", 18);
        return;
    }
    size_t remaining = (size_t)info.st_size;
    if (http_respond_head(client, 200, remaining) == 0) {
        char buffer[8192];
        while (remaining > 0) {
            ssize_t got = read(fd, buffer, remaining < sizeof buffer ? remaining : sizeof buffer);
            if (got <= 0 || http_write_all(client, buffer, (size_t)got) != 0) break;
            remaining -= (size_t)got;
        }
    }
    close(fd);
}

static void serve(int client, const struct config *config) {
    struct http_request *request = malloc(sizeof *request);
    if (request == NULL) return;
    int status = http_read_request(client, request);
    if (status > 0) {
        http_respond(client, status, "bad request\n", 12);
    } else if (status == 0) {
        int is_get = strcmp(request->method, "GET") == 0;
        int is_post = strcmp(request->method, "POST") == 0;
        if (strcmp(request->path, "/") == 0) {
            if (is_get) {
                char body[sizeof config->greeting + 1];
                int length = snprintf(body, sizeof body, "%s\n", config->greeting);
                http_respond(client, 200, body, (size_t)length);
            } else {
                http_respond(client, 405, "use GET\n", 8);
            }
        } else if (strcmp(request->path, "/notes") == 0) {
            if (is_get) {
                send_notes(client, config);
            } else if (is_post && request->body_length == 0) {
                http_respond(client, 400, "empty note\n", 11);
            } else if (is_post) {
                if (append_note(config, request) == 0) {
                    http_respond(client, 201, "stored\n", 7);
                } else {
                    http_respond(client, 500, "cannot store note\n", 18);
                }
            } else {
                http_respond(client, 405, "use GET or POST\n", 16);
            }
        } else {
            http_respond(client, 404, "not found\n", 10);
        }
    }
    free(request);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: notes-server CONFIG\n");
        return 2;
    }
    struct config config;
    if (load_config(argv[1], &config) != 0) return 1;
    if (mkdir(config.data_dir, 0750) != 0 && errno != EEXIST) {
        fprintf(stderr, "notes-server: cannot create data dir '%s': %s\n", config.data_dir, strerror(errno));
        return 1;
    }

    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_stop_signal; /* no SA_RESTART: accept() returns EINTR on SIGTERM */
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    signal(SIGPIPE, SIG_IGN);

    int server = listen_on(&config);
    if (server < 0) return 1;
    fprintf(stderr, "notes-server: listening on %s:%d, data in %s\n", config.bind, config.port, config.data_dir);

    while (!stopping) {
        int client = accept(server, NULL, NULL);
        if (client < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            perror("notes-server: accept");
            break;
        }
        /* A stalled client must not block everyone else for long. */
        struct timeval timeout = {.tv_sec = 5, .tv_usec = 0};
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        serve(client, &config);
        close(client);
    }
    close(server);
    fprintf(stderr, "notes-server: stopped\n");
    return 0;
}
