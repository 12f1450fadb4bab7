/*
 * greetserve: the floor of a greeting server, in C: one thread, one epoll set, non-blocking
 * accept4 in a burst per wake-up, one write of the seed's 255-byte greeting, close. The
 * timestamp is formatted at most once a second, like the Java servers do. The cost
 * benchmark (benchmarks/cost.sh) measures every Java server's CPU per greeting against it.
 *
 *   gcc -O2 -o greetserve benchmarks/src/main/c/greetserve.c
 *   ./greetserve PORT          (127.0.0.1; prints "serve: c-epoll on 127.0.0.1:PORT", runs until killed)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SEED_LENGTH 255

static char greeting[SEED_LENGTH];
static time_t formatted = -1;

/* The seed's greeting: its text and ctime(), NUL bytes up to 255 bytes. */
static void refresh(void) {
    time_t now = time(NULL);
    if (now == formatted) {
        return;
    }
    formatted = now;
    memset(greeting, 0, sizeof greeting);
    snprintf(greeting, sizeof greeting, "welcome to our server.timestamp on server:%s", ctime(&now));
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: greetserve PORT\n");
        return 2;
    }
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 1024) < 0) {
        fprintf(stderr, "greetserve: bind/listen on 127.0.0.1:%s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
    printf("serve: c-epoll on 127.0.0.1:%s\n", argv[1]);
    fflush(stdout);
    for (;;) {
        struct epoll_event got;
        if (epoll_wait(ep, &got, 1, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return 1;
        }
        refresh();
        for (int i = 0; i < 256; i++) {
            int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
            if (fd < 0) {
                break; /* EAGAIN: the burst is over; anything else: try again at the next wake-up */
            }
            ssize_t n = write(fd, greeting, sizeof greeting); /* 255 bytes fit any send buffer */
            (void)n;
            close(fd);
        }
    }
}
