package io.unum.orchestrator.cli;

import io.unum.orchestrator.access.Role;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code unum token create|list|revoke}: the API tokens scripts and people sign in with. */
@Command(name = "token", description = "Create, list or revoke API tokens (sent as 'Authorization: Bearer ...').",
    subcommands = {TokenCommand.Create.class, TokenCommand.Listing.class, TokenCommand.Revoke.class})
final class TokenCommand {
  /** What the API takes as expiresIn: a whole number of days, hours or minutes. */
  private static final Pattern EXPIRY = Pattern.compile("[1-9][0-9]*[dhm]");

  @ParentCommand
  UnumCli cli;

  @Command(name = "create", description = {"Make a token and print it: it is shown only this once.",
      "A summary comes first, then the token alone on the last line, so that",
      "'unum token create ci | tail -1' gives just the token."})
  static final class Create implements Callable<Integer> {
    @ParentCommand
    TokenCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "NAME", description = "Its name, unique among the user's tokens (A-Z, a-z, 0-9, '.', '_',"
        + " '-'; e.g. ci).")
    String name;

    @Option(names = "--role", converter = RoleConverter.class, completionCandidates = RoleConverter.class, paramLabel = "ROLE", description = "What it may do: ${COMPLETION-CANDIDATES} (default:"
        + " the user's role; never more than the user's).")
    Role role;

    @Option(names = "--expires", paramLabel = "<n>d|<n>h|<n>m", description = "It stops working after this long,"
        + " e.g. 30d, 12h, 90m (default: never).")
    String expires;

    @Option(names = "--user", paramLabel = "USER", description = "Make it for this user (admin only; default: you).")
    String user;

    @Override
    public Integer call() throws Exception {
      // Checked before anything is sent: a typo should not cost a round trip, nor make a token that never expires.
      if (expires != null && !validExpiry(expires)) {
        throw new ParameterException(spec.commandLine(), "--expires must be <n>d, <n>h or <n>m with n at least 1"
            + " (e.g. 30d, 12h, 90m), got '" + expires + "'");
      }
      UnumClient client = parent.cli.client();
      JsonNode token = client.access().createToken(name, role == null ? null : role.label(), expires, user);
      if (!output.printedAsData(client.json(), token)) {
        parent.cli.out.println("token " + token.path("name").asText() + " (" + token.path("id").asText() + "): user "
            + token.path("user").asText() + ", role " + token.path("role").asText() + ", expires "
            + when(token.path("expiresAt")));
      }
      // The note goes to stderr so that stdout's last line stays the bare secret, for '| tail -1'.
      parent.cli.out.flush();
      parent.cli.err.println("unum: the token is shown only this once: keep it now (if it leaks: 'unum token revoke "
          + token.path("id").asText() + "')");
      parent.cli.err.flush();
      if (output.format == OutputFormat.table) {
        parent.cli.out.println(token.path("token").asText());
      }
      return 0;
    }
  }

  @Command(name = "list", description = "List tokens: yours, or everyone's for an admin (never their secrets).")
  static final class Listing implements Callable<Integer> {
    @ParentCommand
    TokenCommand parent;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() throws Exception {
      UnumClient client = parent.cli.client();
      JsonNode tokens = client.access().tokens();
      if (output.printedAsData(client.json(), tokens)) {
        return 0;
      }
      if (tokens.isEmpty()) {
        parent.cli.out.println("no tokens");
        return 0;
      }
      Table table = new Table("ID", "NAME", "USER", "ROLE", "CREATED", "EXPIRES");
      for (JsonNode token : tokens) {
        table.row(token.path("id").asText(), token.path("name").asText(), token.path("user").asText(),
            token.path("role").asText(), when(token.path("createdAt")), when(token.path("expiresAt")));
      }
      table.print(parent.cli.out);
      return 0;
    }
  }

  @Command(name = "revoke", description = {"Revoke a token: it stops working at once.",
      "By name, your own token of that name is the one; when it is not yours and",
      "several users have a token of that name (an admin sees all), give the id."})
  static final class Revoke implements Callable<Integer> {
    @ParentCommand
    TokenCommand parent;

    @Parameters(paramLabel = "ID|NAME", description = "The token's id or name (see 'unum token list').")
    String token;

    @Override
    public Integer call() {
      UnumClient client = parent.cli.client();
      JsonNode target = resolve(client, token);
      String id = target.path("id").asText();
      client.access().revokeToken(id);
      parent.cli.out.println("revoked token " + target.path("name").asText() + " (" + id + ")");
      return 0;
    }

    /** The token {@code given} names: by id, else by name (the caller's own first). */
    private static JsonNode resolve(UnumClient client, String given) {
      JsonNode tokens = client.access().tokens();
      List<JsonNode> named = new ArrayList<>();
      for (JsonNode token : tokens) {
        if (token.path("id").asText().equals(given)) {
          return token;
        }
        if (token.path("name").asText().equals(given)) {
          named.add(token);
        }
      }
      if (named.isEmpty()) {
        throw new CliFailure("no token with id or name '" + given + "'; see 'unum token list'");
      }
      if (named.size() == 1) {
        return named.get(0);
      }
      // Names are unique per user only: an admin sees several users' tokens of the same name.
      String caller = client.session().path("user").asText();
      List<JsonNode> own = named.stream().filter(t -> t.path("user").asText().equals(caller)).toList();
      if (own.size() == 1) {
        return own.get(0);
      }
      throw new CliFailure("several users have a token named '" + given + "': "
          + named.stream().map(t -> t.path("id").asText() + " (" + t.path("user").asText() + ")")
              .collect(Collectors.joining(", "))
          + "; revoke one by its id: unum token revoke ID");
    }
  }

  /** Whether {@code expires} is what the API takes: {@code <n>d}, {@code <n>h} or {@code <n>m}, n at least 1. */
  static boolean validExpiry(String expires) {
    return EXPIRY.matcher(expires).matches();
  }

  /** An instant of the API for a table: to the second, or "never" for none. */
  static String when(JsonNode instant) {
    if (instant.isMissingNode() || instant.isNull() || instant.asText().isEmpty()) {
      return "never";
    }
    try {
      return Instant.parse(instant.asText()).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return instant.asText();
    }
  }
}
