/*
 * unum (inside a node): the in-node Unum command, a small client of the node's agent.
 *
 * A JVM takes over a second to start under TCG, so the commands people type inside a node
 * (unum ps, unum kill, unum nodes, ...) are not run here: this client hands its arguments to
 * the agent on its local socket, the agent asks its host, and the answer streams back as
 * frames ("out LEN\n" + bytes, "err LEN\n" + bytes, "exit CODE\n"). The agent learns who the
 * caller is from the socket (SO_PEERCRED), never from what this client says.
 *
 * Called as "unum-signal PID SIGNAL UID EUID CAPKILL" it is the kernel's remote-signal helper
 * (sysctl kernel.unum_signal_helper, see ssi-kernel-patches 0003): its exit code is kill(2)'s
 * verdict, 0 ok, 1 ESRCH, 2 EPERM, 3 EINVAL, 4 try again.
 *
 * The protocol is in guest-agent/PROTOCOL.md, "The node's local socket".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define SOCKET_PATH "/run/unum/agent.sock"
#define VERDICT_AGAIN 4

static int helper_mode;

static void fail(const char *what)
{
    if (!helper_mode)
        fprintf(stderr, "unum: %s\n", what);
    exit(helper_mode ? VERDICT_AGAIN : 1);
}

static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Buffered reading of the agent's frames. */
static char in_buf[65536];
static size_t in_len, in_pos;

static int next_byte(int fd)
{
    if (in_pos == in_len) {
        ssize_t n;
        do {
            n = read(fd, in_buf, sizeof in_buf);
        } while (n < 0 && errno == EINTR);
        if (n <= 0)
            return -1;
        in_len = (size_t)n;
        in_pos = 0;
    }
    return (unsigned char)in_buf[in_pos++];
}

static int read_line(int fd, char *line, size_t size)
{
    size_t len = 0;
    for (;;) {
        int c = next_byte(fd);
        if (c < 0)
            return -1;
        if (c == '\n')
            break;
        if (len + 1 >= size)
            return -1;
        line[len++] = (char)c;
    }
    line[len] = '\0';
    return 0;
}

/* Copies LEN bytes of a frame to OUT. */
static int copy_frame(int fd, long len, int out)
{
    while (len > 0) {
        size_t chunk;
        if (in_pos == in_len && next_byte(fd) >= 0)
            in_pos--;                       /* refilled: put the byte back */
        if (in_pos == in_len)
            return -1;
        chunk = in_len - in_pos;
        if ((long)chunk > len)
            chunk = (size_t)len;
        if (write_all(out, in_buf + in_pos, chunk) < 0 && out == 1)
            return -2;                      /* stdout closed (e.g. | head): stop quietly */
        in_pos += chunk;
        len -= (long)chunk;
    }
    return 0;
}

static int connect_agent(void)
{
    struct sockaddr_un addr;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    char why[256];
    if (fd < 0)
        fail("cannot make a socket");
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    strcpy(addr.sun_path, SOCKET_PATH);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        snprintf(why, sizeof why, "cannot reach the node's agent at %s: %s "
                 "(it starts a few seconds after boot; try again)", SOCKET_PATH, strerror(errno));
        fail(why);
    }
    return fd;
}

static void send_request(int fd, int argc, char **argv)
{
    char head[64];
    int i;
    if (helper_mode) {
        char line[256];
        if (argc != 6)
            exit(3);
        snprintf(line, sizeof line, "signal %s %s %s %s %s\n", argv[1], argv[2], argv[3], argv[4], argv[5]);
        if (write_all(fd, line, strlen(line)) < 0)
            fail("cannot send the request");
        return;
    }
    snprintf(head, sizeof head, "cli %d\n", argc - 1);
    if (write_all(fd, head, strlen(head)) < 0)
        fail("cannot send the request to the agent");
    for (i = 1; i < argc; i++) {
        size_t len = strlen(argv[i]);
        snprintf(head, sizeof head, "%zu\n", len);
        if (write_all(fd, head, strlen(head)) < 0 || write_all(fd, argv[i], len) < 0)
            fail("cannot send the request to the agent");
    }
}

int main(int argc, char **argv)
{
    const char *name = strrchr(argv[0], '/');
    char line[128];
    int fd;
    name = name ? name + 1 : argv[0];
    helper_mode = strcmp(name, "unum-signal") == 0;

    fd = connect_agent();
    send_request(fd, argc, argv);
    for (;;) {
        long value;
        if (read_line(fd, line, sizeof line) < 0)
            fail("the agent closed the connection before the command finished");
        if (sscanf(line, "exit %ld", &value) == 1)
            return (int)value;
        if (sscanf(line, "out %ld", &value) == 1 || sscanf(line, "err %ld", &value) == 1) {
            int rc = copy_frame(fd, value, line[0] == 'o' ? 1 : 2);
            if (rc == -2)
                return 141;                 /* as a shell reports SIGPIPE */
            if (rc < 0)
                fail("the agent closed the connection inside an answer");
            continue;
        }
        fail("the agent sent something this unum does not understand");
    }
}
