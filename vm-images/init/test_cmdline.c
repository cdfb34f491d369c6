/*
 * Unit tests for the kernel command line parsing of unum-init.
 * Built and run on the host by vm-images/build-image:
 *   gcc -Wall -Wextra -Werror -o test_cmdline test_cmdline.c && ./test_cmdline
 */
#define UNUM_INIT_TEST
#include "unum-init.c"

static int failures, checks;
static char warnings[4096];

static void collect(void *ctx, const char *msg)
{
    (void)ctx;
    strncat(warnings, msg, sizeof warnings - strlen(warnings) - 2);
    strcat(warnings, "\n");
}

#define CHECK(cond, ...) do {                                         \
        checks++;                                                     \
        if (!(cond)) {                                                \
            failures++;                                               \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);      \
            fprintf(stderr, __VA_ARGS__);                             \
            fprintf(stderr, "\n  warnings: %s\n", warnings);          \
        }                                                             \
    } while (0)

static void parse(const char *cmdline, struct unum_config *cfg)
{
    warnings[0] = '\0';
    parse_cmdline(cmdline, cfg, collect, NULL);
}

static void test_node_values(void)
{
    static const struct { const char *s; int ok, want; } cases[] = {
        { "1", 1, 1 }, { "2", 1, 2 }, { "63", 1, 63 }, { "09", 1, 9 }, { "64", 1, 64 }, { "1000", 1, 1000 },
        { "4095", 1, 4095 }, { "0", 0, 0 }, { "4096", 0, 0 }, { "10000", 0, 0 }, { "-1", 0, 0 }, { "+3", 0, 0 },
        { "abc", 0, 0 }, { "", 0, 0 }, { "3x", 0, 0 }, { " 3", 0, 0 },
        { "99999999999999999999", 0, 0 },
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int node = -7;
        int r = parse_node(cases[i].s, strlen(cases[i].s), &node);
        CHECK((r == 0) == cases[i].ok, "parse_node('%s') returned %d", cases[i].s, r);
        if (cases[i].ok)
            CHECK(node == cases[i].want, "parse_node('%s') = %d", cases[i].s, node);
    }
}

static void test_ip_values(void)
{
    static const struct { const char *s; const char *want; } cases[] = {
        { "10.77.0.2/24", "10.77.0.2/24" },
        { "192.168.1.254/16", "192.168.1.254/16" },
        { "10.0.0.1/32", "10.0.0.1/32" },
        { "10.0.0.0/31", "10.0.0.0/31" },          /* RFC 3021 point-to-point */
        { "10.0.0.3/30", NULL },                   /* broadcast of its /30 */
        { "10.77.0.0/24", NULL },                  /* network address */
        { "10.77.0.255/24", NULL },                /* broadcast address */
        { "300.1.1.1/99", NULL }, { "300.1.1.1/24", NULL }, { "1.1.1.1/99", NULL },
        { "10.0.0.1/0", NULL }, { "10.0.0.1/33", NULL }, { "10.0.0.1", NULL },
        { "10.0.0.1/", NULL }, { "10.0.1/24", NULL }, { "10.0.0.0.1/24", NULL },
        { "010.0.0.1/24", NULL }, { "10.0.0.1/024", NULL }, { "10..0.1/24", NULL },
        { "127.0.0.1/8", NULL }, { "0.1.2.3/8", NULL }, { "224.0.0.1/24", NULL },
        { "10.0.0.1/24x", NULL }, { "a.b.c.d/24", NULL }, { "", NULL },
        { "10.0.0.1/2 4", NULL }, { "-10.0.0.1/24", NULL },
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[20] = "";
        int r = parse_ipv4_cidr(cases[i].s, strlen(cases[i].s), out, sizeof out);
        CHECK((r == 0) == (cases[i].want != NULL), "parse_ipv4_cidr('%s') returned %d",
              cases[i].s, r);
        if (cases[i].want)
            CHECK(strcmp(out, cases[i].want) == 0, "parse_ipv4_cidr('%s') = '%s'",
                  cases[i].s, out);
    }
}

static void test_agent_opts_values(void)
{
    struct unum_config cfg;
    memset(&cfg, 0, sizeof cfg);
    CHECK(parse_agent_opts("-Xmx64m,-Dunum.debug=true", 25, &cfg) == 0, "two opts");
    CHECK(cfg.n_agent_opts == 2 && strcmp(cfg.agent_opts[0], "-Xmx64m") == 0
          && strcmp(cfg.agent_opts[1], "-Dunum.debug=true") == 0 && cfg.agent_opts[2] == NULL,
          "two opts split: n=%d", cfg.n_agent_opts);
    CHECK(parse_agent_opts("-a,,-b,", 7, &cfg) == 0 && cfg.n_agent_opts == 2,
          "empty items are skipped");
    CHECK(parse_agent_opts("-Xmx64m Foo", 11, &cfg) < 0, "non-option word rejected");
    CHECK(cfg.n_agent_opts == 2, "failed parse leaves cfg unchanged");
    CHECK(parse_agent_opts("Main", 4, &cfg) < 0, "main class rejected");
    CHECK(parse_agent_opts("-", 1, &cfg) < 0, "lone dash rejected");
    CHECK(parse_agent_opts(",", 1, &cfg) < 0, "nothing but commas rejected");
    CHECK(parse_agent_opts("-Dx=\"y\"", 7, &cfg) < 0, "quotes rejected");
    CHECK(parse_agent_opts("-Dx=\x01", 5, &cfg) < 0, "control char rejected");
    {
        char many[200] = "";
        int i;
        for (i = 0; i < MAX_AGENT_OPTS + 1; i++)
            strcat(many, "-a,");
        CHECK(parse_agent_opts(many, strlen(many), &cfg) < 0, "too many options rejected");
    }
}

static void test_full_cmdlines(void)
{
    struct unum_config cfg;

    parse("BOOT_IMAGE=/vmlinuz console=ttyS0 root=/dev/vda rw init=/sbin/unum-init "
          "panic=-1 unum.node=2 unum.ip=10.77.0.2/24\n", &cfg);
    CHECK(cfg.node == 2, "node = %d", cfg.node);
    CHECK(strcmp(cfg.ip, "10.77.0.2/24") == 0, "ip = '%s'", cfg.ip);
    CHECK(cfg.n_agent_opts == 0 && cfg.agent_opts[0] == NULL, "no opts");
    CHECK(warnings[0] == '\0', "no warnings expected");

    parse("unum.node=5 unum.pid_range=4096 unum.ip=10.0.0.5/21", &cfg);
    CHECK(cfg.node == 5, "node 5 beside the kernel's pid range");
    CHECK(warnings[0] == '\0', "the kernel's unum.pid_range is not init's to warn about: %s", warnings);

    parse("unum.node=63 unum.ip=10.1.2.3/16 unum.agent.opts=-Xmx80m,-Dfoo=bar", &cfg);
    CHECK(cfg.node == 63 && strcmp(cfg.ip, "10.1.2.3/16") == 0, "node 63");
    CHECK(cfg.n_agent_opts == 2 && strcmp(cfg.agent_opts[1], "-Dfoo=bar") == 0, "opts");
    CHECK(warnings[0] == '\0', "no warnings expected");

    parse("console=ttyS0 unum.node=abc unum.ip=300.1.1.1/99", &cfg);
    CHECK(cfg.node == 0 && cfg.ip[0] == '\0', "bad values are dropped");
    CHECK(strstr(warnings, "bad kernel parameter unum.node='abc' (want 1..4095); "
                 "continuing without it") != NULL, "node warning");
    CHECK(strstr(warnings, "bad kernel parameter unum.ip='300.1.1.1/99'") != NULL,
          "ip warning");

    parse("console=ttyS0 root=/dev/vda", &cfg);
    CHECK(cfg.node == 0 && cfg.ip[0] == '\0', "missing values");
    CHECK(strstr(warnings, "missing kernel parameter unum.node") != NULL, "missing node");
    CHECK(strstr(warnings, "missing kernel parameter unum.ip") != NULL, "missing ip");

    parse("", &cfg);
    CHECK(cfg.node == 0, "empty cmdline");

    parse("unum.node unum.ip= unum.node=", &cfg);
    CHECK(cfg.node == 0 && cfg.ip[0] == '\0', "empty values");
    CHECK(strstr(warnings, "unum.node=''") != NULL, "empty node warned");
    CHECK(strstr(warnings, "missing kernel parameter") == NULL, "present but empty is 'bad'");

    parse("unum.node=3 unum.node=5 unum.ip=10.0.0.9/8 unum.ip=10.0.0.7/8", &cfg);
    CHECK(cfg.node == 3, "the first occurrence counts: %d", cfg.node);
    CHECK(strcmp(cfg.ip, "10.0.0.9/8") == 0, "the first address counts: %s", cfg.ip);
    CHECK(strstr(warnings, "kernel parameter unum.node given again; the first one counts") != NULL,
          "a repeat is warned");

    parse("unum.node=3 unum.node=x unum.ip=10.0.0.9/8", &cfg);
    CHECK(cfg.node == 3, "a later bad value changes nothing: %d", cfg.node);

    parse("unum.node=x unum.node=3 unum.ip=10.0.0.9/8", &cfg);
    CHECK(cfg.node == 0, "a bad first value is not replaced by a later one: %d", cfg.node);

    parse("xunum.node=7 unum.nodes=7 unum.node=7 unum.ip=10.0.0.9/8", &cfg);
    CHECK(cfg.node == 7, "prefix look-alikes ignored");
    CHECK(strstr(warnings, "unknown kernel parameter unum.nodes ignored") != NULL,
          "unknown unum.* warned");

    parse("unum.agent.opts=\"-Xmx64m -Dx=1\" unum.node=1 unum.ip=10.0.0.9/8", &cfg);
    CHECK(cfg.n_agent_opts == 2 && strcmp(cfg.agent_opts[1], "-Dx=1") == 0,
          "quoted opts with a space: n=%d", cfg.n_agent_opts);
    CHECK(cfg.node == 1, "parsing continues after a quoted value");

    parse("unum.agent.opts=Main unum.node=1 unum.ip=10.0.0.9/8", &cfg);
    CHECK(cfg.n_agent_opts == 0 && strstr(warnings, "unum.agent.opts='Main'") != NULL,
          "bad opts warned");

    parse("unum.node=\x01\x02 unum.ip=10.0.0.9/8", &cfg);
    CHECK(strstr(warnings, "unum.node='?" "?'") != NULL, "non-printables masked");

    {
        static char big[3000];
        memset(big, 0, sizeof big);
        strcpy(big, "unum.agent.opts=");
        memset(big + strlen(big), 'x', 2500);
        strcat(big, " unum.node=4");
        parse(big, &cfg);
        CHECK(cfg.node == 4 && cfg.n_agent_opts == 0, "over-long value skipped");
        CHECK(strstr(warnings, "value too long") != NULL, "too long warned");
    }
}

int main(void)
{
    test_node_values();
    test_ip_values();
    test_agent_opts_values();
    test_full_cmdlines();
    printf("test_cmdline: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
