/*
 * greetload: a minimal C load generator for the greeting protocol, to check that the Java
 * clients (the `load` command, the JMH greeting-rate benchmark) are not the bottleneck.
 * T threads, each: connect, read to EOF, close, in a loop, for S seconds. Prints greetings/s.
 *
 *   gcc -O2 -pthread -o greetload benchmarks/src/main/c/greetload.c
 *   ./greetload 127.0.0.1 PORT [THREADS=8] [SECONDS=5]
 *   ./greetload -U /path/to.sock [THREADS=8] [SECONDS=5]     (a Unix domain socket)
 *
 * Exits 1 on the first failure (with errno's text; EADDRNOTAVAIL = out of ephemeral ports).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_in server;
static struct sockaddr_un unix_server;
static int use_unix;
static volatile int stop;
static double seconds = 5;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *worker(void *arg) {
    long *count = arg;
    char buf[65536];
    while (!stop) {
        int fd = socket(use_unix ? AF_UNIX : AF_INET, SOCK_STREAM, 0);
        int rc = fd < 0 ? -1 : use_unix ? connect(fd, (struct sockaddr *)&unix_server, sizeof unix_server)
                                        : connect(fd, (struct sockaddr *)&server, sizeof server);
        if (rc < 0) {
            fprintf(stderr, "greetload: connect: %s%s\n", strerror(errno),
                    errno == EADDRNOTAVAIL ? " (out of ephemeral ports)" : "");
            exit(1);
        }
        ssize_t n;
        long total = 0;
        while ((n = read(fd, buf, sizeof buf)) > 0) {
            total += n;
        }
        if (n < 0 || total == 0) {
            fprintf(stderr, "greetload: read: %s\n", n < 0 ? strerror(errno) : "no greeting");
            exit(1);
        }
        close(fd);
        (*count)++;
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: greetload HOST PORT [THREADS=8] [SECONDS=5]\n"
                        "       greetload -U PATH [THREADS=8] [SECONDS=5]\n");
        return 2;
    }
    int threads = argc > 3 ? atoi(argv[3]) : 8;
    seconds = argc > 4 ? atof(argv[4]) : 5;
    if (strcmp(argv[1], "-U") == 0) {
        use_unix = 1;
        unix_server.sun_family = AF_UNIX;
        if (strlen(argv[2]) >= sizeof unix_server.sun_path) {
            fprintf(stderr, "greetload: path longer than sun_path's %zu bytes: %s\n",
                    sizeof unix_server.sun_path - 1, argv[2]);
            return 2;
        }
        strcpy(unix_server.sun_path, argv[2]);
    } else {
        server.sin_family = AF_INET;
        server.sin_port = htons(atoi(argv[2]));
        if (inet_pton(AF_INET, argv[1], &server.sin_addr) != 1) {
            fprintf(stderr, "greetload: not an IPv4 address: %s\n", argv[1]);
            return 2;
        }
    }
    pthread_t *t = calloc(threads, sizeof *t);
    long *counts = calloc(threads, sizeof *counts);
    double start = now();
    for (int i = 0; i < threads; i++) {
        pthread_create(&t[i], NULL, worker, &counts[i]);
    }
    struct timespec d = {(time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9)};
    nanosleep(&d, NULL);
    stop = 1;
    long total = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        total += counts[i];
    }
    double el = now() - start;
    printf("greetload: %ld greetings in %.2f s with %d connections: %.0f greetings/s\n", total, el, threads, total / el);
    return 0;
}
