package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ApiException;
import io.unum.orchestrator.client.ApiFailure;
import io.unum.orchestrator.client.UnumClient;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code unum audit}: who changed what, from the cluster's audit log (every write to the API and
 * every refused call); {@code -f} asks for the records after the last it printed every second
 * until interrupted, so none is printed twice or missed while the log holds it.
 */
@Command(name = "audit", description = "Show who changed what: every write to the API and every refused call"
    + " (admins and viewers); -f follows.")
final class AuditCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneId.systemDefault());
  static final long POLL_MILLIS = 1000;
  private static final int MAX_LIMIT = 1000;
  /** Column widths a followed log starts with (TIME HOST USER ROLE FROM WHAT STATUS). */
  private static final int[] WIDTHS = {19, 12, 9, 8, 15, 36, 6};

  /** What a call came to. */
  enum Outcome { ok, refused, failed }

  @ParentCommand
  UnumCli cli;

  @Mixin
  OutputOption output;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50",
      description = "The newest N records, 1..1000 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--user", paramLabel = "USER", description = "Only this user's records (anonymous: calls"
      + " without a credential).")
  String user;

  @Option(names = "--outcome", paramLabel = "OUTCOME", description = "Only ok, refused (401, 403) or failed records.")
  Outcome outcome;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new records until interrupted (Ctrl-C).")
  boolean follow;

  @Override
  public Integer call() throws Exception {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new CliFailure("-n must be 1.." + MAX_LIMIT + ", got " + limit, 2);
    }
    UnumClient client = cli.client();
    JsonNode page = client.audit(null, limit, user, outcome == null ? null : outcome.name());
    if (!follow) {
      if (output.printedAsData(client.json(), page)) {
        return 0;
      }
      if (page.path("records").isEmpty()) {
        cli.out.println(user == null && outcome == null ? "no audit records" : "no audit records that match");
        return 0;
      }
      table(page.path("records")).print(cli.out);
      return 0;
    }
    long next = page.path("next").asLong();
    print(client, page.path("records"), true);
    while (true) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return 0;
      }
      try {
        page = client.audit(next, MAX_LIMIT, user, outcome == null ? null : outcome.name());
      } catch (ApiFailure e) {
        if (e instanceof ApiException refused && refused.status() >= 400 && refused.status() < 500) {
          throw e; // refused (a revoked token): asking again will not help
        }
        cli.err.println("unum: " + CliFailure.from(e).getMessage() + "; trying again");
        continue;
      }
      next = page.path("next").asLong(next);
      print(client, page.path("records"), false);
    }
  }

  /** Prints a followed batch: rows of one aligned table, or one JSON object a line, or YAML documents. */
  private void print(UnumClient client, JsonNode records, boolean first) throws Exception {
    switch (output.format) {
      case json -> {
        for (JsonNode record : records) {
          cli.out.println(client.json().writeValueAsString(record));
        }
      }
      case yaml -> {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        for (JsonNode record : records) {
          cli.out.print("---\n" + new Yaml(options).dump(client.json().convertValue(record, Object.class)));
        }
      }
      default -> {
        if (first || !records.isEmpty()) {
          table(records).atLeast(WIDTHS).print(cli.out, first);
        }
      }
    }
    cli.out.flush();
  }

  static Table table(JsonNode records) {
    Table table = new Table("TIME", "HOST", "USER", "ROLE", "FROM", "WHAT", "STATUS");
    for (JsonNode record : records) {
      int status = record.path("status").asInt();
      table.row(TIME.format(Instant.ofEpochMilli(record.path("timeMillis").asLong())), text(record, "host"),
          text(record, "user"), text(record, "role"), text(record, "from"),
          record.path("method").asText() + " " + record.path("path").asText(), status == 0 ? null : status);
    }
    return table;
  }

  private static String text(JsonNode record, String field) {
    return record.hasNonNull(field) ? record.get(field).asText() : null;
  }
}
