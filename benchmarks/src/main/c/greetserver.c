/*
 * greetserver: the floor in C for the greeting protocol, on TCP loopback or a Unix domain socket:
 * one thread that accepts, writes the seed's 255-byte greeting (text, then NUL padding) and
 * closes, like the seed's server in a loop without fork. The greeting is made once at start.
 * The C reference the Unix socket comparison is measured against (with greetload.c).
 *
 *   gcc -O2 -o greetserver benchmarks/src/main/c/greetserver.c
 *   ./greetserver PORT            (127.0.0.1)
 *   ./greetserver -U PATH         (a Unix domain socket; an existing PATH is replaced)
 *
 * Prints "greetserver: listening on ..." once it accepts; runs until killed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define GREETING_SIZE 255

static const char *unix_path;

static void on_term(int sig) {
    (void)sig;
    if (unix_path) {
        unlink(unix_path);
    }
    _exit(0);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: greetserver PORT | greetserver -U PATH\n");
        return 2;
    }
    char greeting[GREETING_SIZE];
    memset(greeting, 0, sizeof greeting);
    time_t now = time(NULL);
    snprintf(greeting, sizeof greeting, "welcome to our server.timestamp on server:%s", ctime(&now));

    int fd;
    if (strcmp(argv[1], "-U") == 0 && argc > 2) {
        struct sockaddr_un a = {.sun_family = AF_UNIX};
        if (strlen(argv[2]) >= sizeof a.sun_path) {
            fprintf(stderr, "greetserver: path longer than sun_path's %zu bytes: %s\n", sizeof a.sun_path - 1, argv[2]);
            return 2;
        }
        strcpy(a.sun_path, argv[2]);
        unlink(argv[2]);
        fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 1024) < 0) {
            fprintf(stderr, "greetserver: %s: %s\n", argv[2], strerror(errno));
            return 1;
        }
        unix_path = argv[2];
        printf("greetserver: listening on unix:%s\n", argv[2]);
    } else {
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int one = 1;
        fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
                || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 1024) < 0) {
            fprintf(stderr, "greetserver: port %s: %s\n", argv[1], strerror(errno));
            return 1;
        }
        printf("greetserver: listening on 127.0.0.1:%s\n", argv[1]);
    }
    fflush(stdout);
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    signal(SIGPIPE, SIG_IGN);
    for (;;) {
        int c = accept(fd, NULL, NULL);
        if (c < 0) {
            continue; /* EMFILE, ECONNABORTED: go on */
        }
        ssize_t off = 0;
        while (off < GREETING_SIZE) {
            ssize_t n = write(c, greeting + off, GREETING_SIZE - off);
            if (n <= 0) {
                break;
            }
            off += n;
        }
        close(c);
    }
}
