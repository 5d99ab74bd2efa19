/* Loopback HTTP targets for benches/live_scale.sh: one epoll thread answering every GET
 * with "200 ok" in microseconds, so what a probe reports is the prober, not the target.
 * A Python server costs more CPU than the prober it is measuring at 2,000 requests a
 * second and answers in milliseconds.
 *
 *   targets PORT keepalive|close
 *
 * `close` answers with "Connection: close" and closes every connection after one answer
 * (what uvicorn does to a connection idle for 5 s, the default probe interval).
 * `GET /count` answers with how many other requests were answered so far. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static const char KEEP[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
static const char CLOSE[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: targets PORT keepalive|close\n");
        return 2;
    }
    int close_each = strcmp(argv[2], "close") == 0;
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1])),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 4096)) {
        perror("bind/listen");
        return 1;
    }
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = ls};
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
    struct epoll_event evs[256];
    char buf[4096];
    unsigned long long served = 0;
    for (;;) {
        int n = epoll_wait(ep, evs, 256, -1);
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd == ls) {
                int c;
                while ((c = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct epoll_event ce = {.events = EPOLLIN, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
                }
                continue;
            }
            ssize_t r = read(fd, buf, sizeof buf);
            if (r <= 0) {
                if (r < 0 && errno == EAGAIN) continue;
                close(fd);
                continue;
            }
            /* One request per read: probes send a small GET and wait for the answer. */
            if (r >= 10 && memcmp(buf, "GET /count", 10) == 0) {
                char out[128];
                char num[32];
                int len = snprintf(num, sizeof num, "%llu", served);
                int n = snprintf(out, sizeof out,
                                 "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
                                 len, num);
                (void)!write(fd, out, n);
                close(fd);
                continue;
            }
            served++;
            if (close_each) {
                (void)!write(fd, CLOSE, sizeof CLOSE - 1);
                close(fd);
            } else {
                (void)!write(fd, KEEP, sizeof KEEP - 1);
            }
        }
    }
}
