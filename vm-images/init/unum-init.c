/*
 * unum-init: PID 1 of every Unum guest ("SSI node").
 *
 * It does only what a node needs and nothing else (no systemd, no udev):
 *   - mounts the pseudo file systems,
 *   - reads unum.node / unum.ip / unum.agent.opts from the kernel command line,
 *   - sets the hostname and configures eth0 (via /sbin/ip),
 *   - starts the Java guest agent and restarts it (with back-off) when it dies,
 *   - reaps every zombie (orphans are re-parented to PID 1),
 *   - powers off / reboots on SIGUSR1|SIGTERM|SIGPWR / SIGUSR2|SIGINT.
 *
 * Console lines all start with "unum-init: "; the two timing markers
 * ("user space reached at X s", "node N up, ... at X s") carry the kernel's
 * uptime so boot time can be read from a console log.
 *
 * Build: gcc -static -Os -Wall -Wextra -Werror -o unum-init unum-init.c
 * The parsing half is unit-tested by test_cmdline.c, which #includes this
 * file with UNUM_INIT_TEST defined (that hides the runtime half and main()).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------------ */
/* Kernel command line parsing (pure functions, unit-tested)                */
/* ------------------------------------------------------------------------ */

#define NODE_MIN 1
#define NODE_MAX 4095 /* the kernel's node-ranged PIDs: 4096 ranges at the smallest, range 0 is early boot */
#define MAX_AGENT_OPTS 32        /* extra JVM options, at most */
#define MAX_AGENT_OPTS_LEN 1024  /* total length of unum.agent.opts */

struct unum_config {
    int node;                    /* 1..4095, or 0 when missing/invalid */
    char ip[20];                 /* canonical "A.B.C.D/P", or "" when missing/invalid */
    int n_agent_opts;
    char *agent_opts[MAX_AGENT_OPTS + 1];   /* point into opts_buf, NULL-terminated */
    char opts_buf[MAX_AGENT_OPTS_LEN + 1];
};

/* Warnings go through a callback so tests can capture them. */
typedef void (*warn_fn)(void *ctx, const char *msg);

/* Copy a value for printing: truncated, non-printable bytes shown as '?'. */
static void printable(char *dst, size_t dstlen, const char *src, size_t srclen)
{
    size_t i, n = 0;
    for (i = 0; i < srclen && n + 4 < dstlen; i++) {
        unsigned char c = (unsigned char)src[i];
        dst[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
    }
    if (i < srclen) {             /* truncated: say so */
        dst[n++] = '.'; dst[n++] = '.'; dst[n++] = '.';
    }
    dst[n] = '\0';
}

/* Decimal number made of 1..maxdigits digits only (no sign, no spaces). */
static int parse_uint(const char *s, size_t len, size_t maxdigits, long *out)
{
    long v = 0;
    size_t i;
    if (len == 0 || len > maxdigits)
        return -1;
    for (i = 0; i < len; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* unum.node: 1..4095, digits only. Returns 0 and sets *node, or -1. */
int parse_node(const char *s, size_t len, int *node)
{
    long v;
    if (parse_uint(s, len, 4, &v) < 0 || v < NODE_MIN || v > NODE_MAX)
        return -1;
    *node = (int)v;
    return 0;
}

/*
 * unum.ip: "A.B.C.D/P", four decimal octets (no leading zeros, which some
 * tools read as octal), prefix 1..32, and a usable unicast host address:
 * not 0/8, 127/8, multicast/reserved (>= 224), nor the network or broadcast
 * address of its subnet (for prefixes up to /30).
 * Returns 0 and writes the canonical form to out (>= 19 bytes), or -1.
 */
int parse_ipv4_cidr(const char *s, size_t len, char *out, size_t outlen)
{
    unsigned long addr = 0, mask, host;
    long part, prefix;
    const char *p = s, *end = s + len;
    int i;

    for (i = 0; i < 4; i++) {
        const char *q = p;
        char sep = (i < 3) ? '.' : '/';
        while (q < end && *q != sep)
            q++;
        if (q == end || parse_uint(p, (size_t)(q - p), 3, &part) < 0 || part > 255
            || (q - p > 1 && *p == '0'))
            return -1;
        addr = (addr << 8) | (unsigned long)part;
        p = q + 1;
    }
    if (parse_uint(p, (size_t)(end - p), 2, &prefix) < 0 || prefix < 1 || prefix > 32
        || (end - p > 1 && *p == '0'))
        return -1;

    i = (int)(addr >> 24);
    if (i == 0 || i == 127 || i >= 224)
        return -1;
    mask = (0xffffffffUL << (32 - prefix)) & 0xffffffffUL;
    host = addr & ~mask & 0xffffffffUL;
    if (prefix <= 30 && (host == 0 || host == (~mask & 0xffffffffUL)))
        return -1;

    snprintf(out, outlen, "%lu.%lu.%lu.%lu/%ld", addr >> 24, (addr >> 16) & 255,
             (addr >> 8) & 255, addr & 255, prefix);
    return 0;
}

/*
 * unum.agent.opts: extra JVM options, separated by commas (the kernel command
 * line splits on spaces). Every option must start with '-' (anything else
 * would be taken by java as the main class) and be printable ASCII without
 * quotes or backslashes. All or nothing: on error cfg is left unchanged.
 */
int parse_agent_opts(const char *s, size_t len, struct unum_config *cfg)
{
    char buf[MAX_AGENT_OPTS_LEN + 1];
    char *argv[MAX_AGENT_OPTS + 1];
    int n = 0, i;
    size_t k;

    if (len == 0 || len > MAX_AGENT_OPTS_LEN)
        return -1;
    for (k = 0; k < len; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '\\')
            return -1;
        buf[k] = (c == ',' || c == ' ') ? '\0' : (char)c;
    }
    buf[len] = '\0';
    for (k = 0; k < len; k++) {
        if (buf[k] == '\0' || (k > 0 && buf[k - 1] != '\0'))
            continue;                      /* not the start of an option */
        if (buf[k] != '-' || buf[k + 1] == '\0' || n == MAX_AGENT_OPTS)
            return -1;
        argv[n++] = buf + k;
    }
    if (n == 0)
        return -1;

    memcpy(cfg->opts_buf, buf, len + 1);
    for (i = 0; i < n; i++)
        cfg->agent_opts[i] = cfg->opts_buf + (argv[i] - buf);
    cfg->agent_opts[n] = NULL;
    cfg->n_agent_opts = n;
    return 0;
}

static void warnf(warn_fn warn, void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void warnf(warn_fn warn, void *ctx, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    warn(ctx, msg);
}

/*
 * Parse the whole command line (contents of /proc/cmdline). Words are
 * separated by white space; double quotes group words as the kernel does
 * (param="a b"), and are dropped from the value. The first occurrence of a
 * parameter counts and later ones are ignored with a warning: Unum writes its
 * own first, so words appended after them cannot change a node's identity.
 * Never fails: bad or missing values produce a warning and are left unset.
 */
/* A unum.* parameter the patched kernel reads itself: no business of init's, and no warning. */
#define KERNEL_PID_RANGE "unum.pid_range"

void parse_cmdline(const char *cmdline, struct unum_config *cfg, warn_fn warn, void *ctx)
{
    enum { P_NODE, P_IP, P_OPTS, P_COUNT };
    static const char *const names[P_COUNT] = { "unum.node", "unum.ip", "unum.agent.opts" };
    int seen[P_COUNT] = { 0 };
    const char *p = cmdline;

    memset(cfg, 0, sizeof *cfg);

    while (*p) {
        char word[MAX_AGENT_OPTS_LEN + 64], shown[80];
        size_t wlen = 0, namelen;
        const char *val;
        int quoted = 0, overflow = 0, which;

        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        for (; *p && (quoted || !isspace((unsigned char)*p)); p++) {
            if (*p == '"') { quoted = !quoted; continue; }
            if (wlen + 1 < sizeof word) word[wlen++] = *p; else overflow = 1;
        }
        word[wlen] = '\0';

        if (strncmp(word, "unum.", 5) != 0)
            continue;                          /* not ours */
        val = strchr(word, '=');
        namelen = val ? (size_t)(val - word) : wlen;
        if (namelen == strlen(KERNEL_PID_RANGE) && strncmp(word, KERNEL_PID_RANGE, namelen) == 0)
            continue;                          /* the kernel's (node-ranged PIDs), not init's */
        for (which = 0; which < P_COUNT; which++)
            if (strlen(names[which]) == namelen && strncmp(word, names[which], namelen) == 0)
                break;
        if (which == P_COUNT) {
            printable(shown, sizeof shown, word, namelen);
            warnf(warn, ctx, "unknown kernel parameter %s ignored", shown);
            continue;
        }
        if (seen[which]) {
            warnf(warn, ctx, "kernel parameter %s given again; the first one counts",
                  names[which]);
            continue;
        }
        seen[which] = 1;
        val = val ? val + 1 : "";
        printable(shown, sizeof shown, val, strlen(val));
        if (overflow)
            goto bad;

        switch (which) {
        case P_NODE:
            cfg->node = 0;
            if (parse_node(val, strlen(val), &cfg->node) == 0)
                continue;
            warnf(warn, ctx, "bad kernel parameter unum.node='%s' (want %d..%d); "
                  "continuing without it", shown, NODE_MIN, NODE_MAX);
            continue;
        case P_IP:
            cfg->ip[0] = '\0';
            if (parse_ipv4_cidr(val, strlen(val), cfg->ip, sizeof cfg->ip) == 0)
                continue;
            cfg->ip[0] = '\0';
            warnf(warn, ctx, "bad kernel parameter unum.ip='%s' (want a unicast host "
                  "address A.B.C.D/P, prefix 1..32); continuing without it", shown);
            continue;
        case P_OPTS:
            cfg->n_agent_opts = 0;
            cfg->agent_opts[0] = NULL;
            if (parse_agent_opts(val, strlen(val), cfg) == 0)
                continue;
            warnf(warn, ctx, "bad kernel parameter unum.agent.opts='%s' (want "
                  "comma-separated JVM options, each starting with '-'); "
                  "continuing without it", shown);
            continue;
        }
    bad:
        warnf(warn, ctx, "bad kernel parameter %s (value too long); continuing without it",
              names[which]);
    }

    if (!seen[P_NODE])
        warnf(warn, ctx, "missing kernel parameter unum.node=N (N in %d..%d); "
              "continuing as node0", NODE_MIN, NODE_MAX);
    if (!seen[P_IP])
        warnf(warn, ctx, "missing kernel parameter unum.ip=A.B.C.D/P; eth0 stays unconfigured");
}

#ifndef UNUM_INIT_TEST
/* ------------------------------------------------------------------------ */
/* Runtime                                                                  */
/* ------------------------------------------------------------------------ */
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>

#define AGENT_JAR "/opt/unum/agent.jar"
#define AGENT_JSA "/opt/unum/agent.jsa"
#define JAVA "/usr/bin/java"
#define BACKOFF_MIN_MS 500
#define BACKOFF_MAX_MS 5000
#define HEALTHY_RUN_MS 30000     /* an agent that ran this long resets the back-off */
#define TERM_GRACE_MS 3000       /* SIGTERM -> SIGKILL at shutdown */

static char *const base_env[] = {
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME=/root", "LANG=C.UTF-8", NULL
};

static struct unum_config cfg;
static sigset_t handled;         /* signals PID 1 takes through sigfd */
static int sigfd = -1;           /* -1: signalfd unavailable, use sigtimedwait */
static pid_t agent_pid;          /* 0 when not running */
static long long agent_started_ms, restart_at_ms;
static int backoff_ms = BACKOFF_MIN_MS;

/* One console line, written with a single write(2) so lines do not mix. */
static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logmsg(const char *fmt, ...)
{
    char buf[512];
    int n = snprintf(buf, sizeof buf, "unum-init: ");
    va_list ap;
    va_start(ap, fmt);
    n += vsnprintf(buf + n, sizeof buf - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 2)
        n = (int)sizeof buf - 2;
    buf[n++] = '\n';
    if (write(STDOUT_FILENO, buf, (size_t)n) < 0) {
        /* nowhere else to report it */
    }
}

static void log_warning(void *ctx, const char *msg)
{
    (void)ctx;
    logmsg("%s", msg);
}

/* Kernel uptime as printed in /proc/uptime ("1.73"), for boot markers. */
static const char *uptime(void)
{
    static char buf[32];
    int fd = open("/proc/uptime", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    if (fd >= 0)
        close(fd);
    if (n <= 0)
        return "?";
    buf[n] = '\0';
    buf[strcspn(buf, " \n")] = '\0';
    return buf;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* Is something mounted exactly on path? (Avoids stacking a second devtmpfs.) */
static int is_mounted(const char *path)
{
    char line[512], dir[256];
    int found = 0;
    FILE *f = fopen("/proc/self/mounts", "re");
    if (!f)
        return 0;
    while (!found && fgets(line, sizeof line, f))
        found = sscanf(line, "%*s %255s", dir) == 1 && strcmp(dir, path) == 0;
    fclose(f);
    return found;
}

static void mount_fs(const char *src, const char *dir, const char *type,
                     unsigned long flags, const char *data)
{
    if (is_mounted(dir))
        return;
    mkdir(dir, 0755);            /* usually exists; /dev/pts and /dev/shm do not */
    if (mount(src, dir, type, flags, data) < 0)
        logmsg("cannot mount %s on %s: %s", type, dir, strerror(errno));
}

static void mount_all(void)
{
    const unsigned long nosuid_nodev = MS_NOSUID | MS_NODEV;
    struct statvfs st;

    /* Root is mounted "rw" with our command line, but be robust to "ro". */
    if (statvfs("/", &st) == 0 && (st.f_flag & ST_RDONLY)
        && mount(NULL, "/", NULL, MS_REMOUNT, NULL) < 0)
        logmsg("cannot remount / read-write: %s", strerror(errno));

    mount_fs("sysfs", "/sys", "sysfs", nosuid_nodev | MS_NOEXEC, NULL);
    /* The kernel mounts devtmpfs itself with CONFIG_DEVTMPFS_MOUNT. */
    mount_fs("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
    mount_fs("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
             "gid=5,mode=620,ptmxmode=666");
    mount_fs("tmpfs", "/dev/shm", "tmpfs", nosuid_nodev, "mode=1777");
    mount_fs("tmpfs", "/run", "tmpfs", nosuid_nodev, "mode=0755");
    mount_fs("tmpfs", "/tmp", "tmpfs", nosuid_nodev, "mode=1777");
    /* cgroup2 is optional (kernel may lack it): try quietly. */
    if (!is_mounted("/sys/fs/cgroup"))
        (void)mount("cgroup2", "/sys/fs/cgroup", "cgroup2",
                    nosuid_nodev | MS_NOEXEC, NULL);

    /* devtmpfs lacks the usual /dev/fd & co symlinks (no udev to add them). */
    (void)symlink("/proc/self/fd", "/dev/fd");
    (void)symlink("/proc/self/fd/0", "/dev/stdin");
    (void)symlink("/proc/self/fd/1", "/dev/stdout");
    (void)symlink("/proc/self/fd/2", "/dev/stderr");
}

static void write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    size_t len = strlen(text);
    if (fd < 0 || write(fd, text, len) != (ssize_t)len)
        logmsg("cannot write %s: %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);
}

static void set_hostname(void)
{
    char name[16], text[256];
    snprintf(name, sizeof name, "node%d", cfg.node);
    if (sethostname(name, strlen(name)) < 0)
        logmsg("sethostname %s: %s", name, strerror(errno));
    snprintf(text, sizeof text, "%s\n", name);
    write_file("/etc/hostname", text);
    /* So that the JVM's InetAddress.getLocalHost() resolves our own name. */
    if (cfg.ip[0]) {
        char addr[20];
        snprintf(addr, sizeof addr, "%s", cfg.ip);
        addr[strcspn(addr, "/")] = '\0';
        snprintf(text, sizeof text, "127.0.0.1\tlocalhost\n%s\t%s\n"
                 "::1\tlocalhost ip6-localhost ip6-loopback\n", addr, name);
    } else {
        snprintf(text, sizeof text, "127.0.0.1\tlocalhost\n127.0.1.1\t%s\n"
                 "::1\tlocalhost ip6-localhost ip6-loopback\n", name);
    }
    write_file("/etc/hosts", text);
    logmsg("hostname %s", name);
}

/* A child must not inherit PID 1's blocked signal mask (it survives exec). */
static void child_reset_signals(void)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Run a helper command synchronously; returns its wait status, or -1. */
static int run(char *const argv[])
{
    int status;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        child_reset_signals();
        execve(argv[0], argv, base_env);
        _exit(127);
    }
    /* SIGCHLD is blocked here, so no reaper can steal this child's status. */
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return status;
}

static void ip_cmd(const char *a1, const char *a2, const char *a3, const char *a4,
                   const char *a5, const char *a6)
{
    const char *ip = access("/sbin/ip", X_OK) == 0 ? "/sbin/ip" : "/usr/sbin/ip";
    char *const argv[] = { (char *)ip, (char *)a1, (char *)a2, (char *)a3, (char *)a4,
                           (char *)a5, (char *)a6, NULL };
    int st = run(argv);
    if (st != 0)
        logmsg("'ip %s %s %s %s %s %s' failed (status %d)", a1, a2, a3, a4,
               a5 ? a5 : "", a6 ? a6 : "", st < 0 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

static void setup_network(void)
{
    ip_cmd("link", "set", "dev", "lo", "up", NULL);
    if (!cfg.ip[0])
        return;
    ip_cmd("addr", "add", cfg.ip, "dev", "eth0", NULL);
    ip_cmd("link", "set", "dev", "eth0", "up", NULL);
}

static void start_agent(void)
{
    char node_env[32];
    char *env[8], *argv[16 + MAX_AGENT_OPTS];
    int n = 0, e = 0, i;
    pid_t pid;

    argv[n++] = JAVA;
    argv[n++] = "-XX:+UseSerialGC";           /* small heap, 1 vCPU: least overhead */
    argv[n++] = "-XX:TieredStopAtLevel=1";    /* C1 only: faster warm-up under TCG */
    /* Compile 10x later: start-up code runs once, and under TCG compiling it cost more than
     * interpreting it (ready 2.6 s -> 2.1 s, output throughput unchanged). */
    argv[n++] = "-XX:CompileThresholdScaling=10";
    argv[n++] = "-XX:-UsePerfData";           /* no hsperfdata file to write at start */
    argv[n++] = "-Xshare:auto";
    argv[n++] = "-Xss512k";
    argv[n++] = "-XX:MaxRAMPercentage=25";
    if (access(AGENT_JSA, R_OK) == 0)         /* AppCDS archive made at image build */
        argv[n++] = "-XX:SharedArchiveFile=" AGENT_JSA;
    for (i = 0; i < cfg.n_agent_opts; i++)    /* after ours, so they can override */
        argv[n++] = cfg.agent_opts[i];
    argv[n++] = "-jar";
    argv[n++] = AGENT_JAR;
    argv[n] = NULL;

    snprintf(node_env, sizeof node_env, "UNUM_NODE=%d", cfg.node);
    for (i = 0; base_env[i]; i++)
        env[e++] = base_env[i];
    env[e++] = node_env;
    env[e] = NULL;

    pid = fork();
    if (pid < 0) {
        logmsg("cannot fork the agent: %s; retrying in %d.%d s", strerror(errno),
               backoff_ms / 1000, backoff_ms % 1000 / 100);
        restart_at_ms = now_ms() + backoff_ms;
        return;
    }
    if (pid == 0) {
        int fd;
        child_reset_signals();
        setsid();                              /* own session: no controlling tty */
        if ((fd = open("/dev/null", O_RDONLY)) >= 0 && fd != 0) {
            dup2(fd, 0);
            close(fd);
        }
        if ((fd = open("/dev/console", O_WRONLY | O_NOCTTY)) >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            if (fd > 2)
                close(fd);
        }
        if (chdir("/") < 0) {
            /* keep going from wherever we are */
        }
        execve(JAVA, argv, env);
        dprintf(2, "unum-init: cannot exec %s: %s\n", JAVA, strerror(errno));
        _exit(127);
    }
    agent_pid = pid;
    agent_started_ms = now_ms();
}

static void agent_exited(int status)
{
    long long ran = now_ms() - agent_started_ms;
    char how[80];

    agent_pid = 0;
    if (ran >= HEALTHY_RUN_MS)
        backoff_ms = BACKOFF_MIN_MS;
    if (WIFSIGNALED(status))
        snprintf(how, sizeof how, "signal %d, %s", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(how, sizeof how, "status %d", WEXITSTATUS(status));
    logmsg("agent exited (%s) after %lld.%lld s, restarting in %d.%d s", how,
           ran / 1000, ran % 1000 / 100, backoff_ms / 1000, backoff_ms % 1000 / 100);
    restart_at_ms = now_ms() + backoff_ms;
    backoff_ms = backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff_ms * 2;
}

/* Reap every exited child; returns 1 when no children are left. */
static int reap(void)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        if (pid == agent_pid)
            agent_exited(status);
    return pid < 0 && errno == ECHILD;
}

/*
 * Wait for one of the handled signals, at most timeout_ms (-1 = forever).
 * Returns the signal number, or 0 on timeout. Signals stay blocked all the
 * time and are taken synchronously, so nothing can arrive "between" checks.
 */
static int next_signal(long long timeout_ms)
{
    if (sigfd >= 0) {
        struct pollfd pfd = { sigfd, POLLIN, 0 };
        struct signalfd_siginfo si;
        int r = poll(&pfd, 1, timeout_ms > 0x7fffffff ? 0x7fffffff : (int)timeout_ms);
        if (r <= 0)
            return 0;
        if (read(sigfd, &si, sizeof si) != (ssize_t)sizeof si)
            return 0;
        return (int)si.ssi_signo;
    } else {
        struct timespec ts = { timeout_ms / 1000, timeout_ms % 1000 * 1000000L };
        int sig = sigtimedwait(&handled, NULL, timeout_ms < 0 ? NULL : &ts);
        return sig < 0 ? 0 : sig;
    }
}

static void shutdown_system(int cmd)
{
    long long deadline;

    logmsg(cmd == RB_POWER_OFF ? "powering off" : "rebooting");
    agent_pid = -1;                            /* no more restarts; match no child */

    /* Everyone gets SIGTERM (the JVM runs its shutdown hooks), then SIGKILL. */
    kill(-1, SIGTERM);
    deadline = now_ms() + TERM_GRACE_MS;
    while (!reap() && now_ms() < deadline)
        sleep_ms(20);
    if (!reap()) {
        logmsg("processes still running after %d s, killing them", TERM_GRACE_MS / 1000);
        kill(-1, SIGKILL);
        deadline = now_ms() + 1000;
        while (!reap() && now_ms() < deadline)
            sleep_ms(20);
    }

    sync();
    (void)mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY, NULL);
    reboot(cmd);
    /* Only reached if reboot(2) failed; PID 1 must never exit. */
    logmsg("reboot(2) failed: %s; halting here", strerror(errno));
    for (;;)
        pause();
}

int main(void)
{
    static char cmdline[4096];
    const char *signame;
    int fd;
    ssize_t n;

    /* Take all signals synchronously from the start (none can be lost). */
    sigemptyset(&handled);
    sigaddset(&handled, SIGCHLD);
    sigaddset(&handled, SIGUSR1);
    sigaddset(&handled, SIGUSR2);
    sigaddset(&handled, SIGTERM);
    sigaddset(&handled, SIGINT);
    sigaddset(&handled, SIGPWR);
    sigprocmask(SIG_BLOCK, &handled, NULL);

    /* If the kernel could not give us a console, open it ourselves. */
    if (fcntl(STDOUT_FILENO, F_GETFD) < 0 && (fd = open("/dev/console", O_RDWR | O_NOCTTY)) >= 0) {
        dup2(fd, 0); dup2(fd, 1); dup2(fd, 2);
        if (fd > 2)
            close(fd);
    }

    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0
        && errno != EBUSY)
        logmsg("cannot mount /proc: %s", strerror(errno));
    logmsg("user space reached at %s s", uptime());
    mount_all();
    umask(022);

    /* Ctrl-Alt-Del: have the kernel send us SIGINT instead of rebooting. */
    reboot(RB_DISABLE_CAD);

    fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
    n = fd < 0 ? -1 : read(fd, cmdline, sizeof cmdline - 1);
    if (fd >= 0)
        close(fd);
    cmdline[n > 0 ? n : 0] = '\0';
    parse_cmdline(cmdline, &cfg, log_warning, NULL);

    set_hostname();
    setup_network();

    sigfd = signalfd(-1, &handled, SFD_CLOEXEC);
    if (sigfd < 0)
        logmsg("signalfd: %s; using sigtimedwait", strerror(errno));

    start_agent();
    logmsg("node %d up, ip %s, agent pid %d at %s s", cfg.node,
           cfg.ip[0] ? cfg.ip : "none", (int)agent_pid, uptime());

    for (;;) {
        long long timeout = -1;
        int sig;

        if (agent_pid == 0) {
            timeout = restart_at_ms - now_ms();
            if (timeout <= 0) {
                start_agent();
                if (agent_pid > 0)
                    logmsg("agent restarted, pid %d", (int)agent_pid);
                continue;
            }
        }
        sig = next_signal(timeout);
        switch (sig) {
        case 0:
            break;                             /* time to restart the agent */
        case SIGCHLD:
            reap();
            break;
        case SIGUSR1: case SIGTERM: case SIGPWR:
        case SIGUSR2: case SIGINT:
            signame = strsignal(sig);
            logmsg("got signal %d (%s)", sig, signame ? signame : "?");
            shutdown_system(sig == SIGUSR2 || sig == SIGINT ? RB_AUTOBOOT : RB_POWER_OFF);
            break;
        }
    }
}
#endif /* UNUM_INIT_TEST */
