package io.unum.orchestrator.cli;

import io.unum.orchestrator.access.Role;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code unum user add|passwd|remove|list}: the people and robots that may use the API (admin). */
@Command(name = "user", description = {"Add, list or remove users, or set a password.",
    "Admin only, but anyone may set their own password. Passwords are asked",
    "for on the terminal or read from stdin, never taken from arguments."},
    subcommands = {UserCommand.Add.class, UserCommand.Passwd.class, UserCommand.Remove.class,
        UserCommand.Listing.class})
final class UserCommand {
  /** What the API requires; checked here too so that a short one costs no round trip. */
  static final int MIN_PASSWORD = 12;

  @ParentCommand
  UnumCli cli;

  @Command(name = "add", description = {"Add a user.",
      "On a terminal it asks for the password twice (enter nothing for none);",
      "with --password-stdin it reads one line. Without either, the user has no",
      "password and signs in with tokens only (unum token create NAME --user USER)."})
  static final class Add implements Callable<Integer> {
    @ParentCommand
    UserCommand parent;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "NAME", description = "The user's name (a-z first, then a-z, 0-9, '.', '_', '-').")
    String name;

    @Option(names = "--role", converter = RoleConverter.class, completionCandidates = RoleConverter.class, required = true, paramLabel = "ROLE", description = "What the user may do:"
        + " ${COMPLETION-CANDIDATES}.")
    Role role;

    @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
    boolean passwordStdin;

    @Override
    public Integer call() throws Exception {
      Optional<String> password = passwordStdin ? Optional.of(fromStdin())
          : System.console() != null ? prompted(System.console(), name, true) : Optional.empty();
      UnumClient client = parent.cli.client();
      JsonNode user = client.access().addUser(name, role.label(), password.orElse(null));
      String tokensOnly = "no password: it signs in with tokens only ('unum token create NAME --user " + name
          + "'; 'unum user passwd " + name + "' gives it one)";
      if (!output.printedAsData(client.json(), user)) {
        parent.cli.out.println("added user " + user.path("name").asText(name) + " (" + user.path("role").asText()
            + ")" + (password.isPresent() ? "" : ", with " + tokensOnly));
      } else if (password.isEmpty()) {
        // Data on stdout stays data; the person running it still learns there is no password.
        parent.cli.err.println("unum: user " + name + " has " + tokensOnly);
      }
      return 0;
    }
  }

  @Command(name = "passwd", description = {"Set a user's password: an admin anyone's, others their own.",
      "On a terminal it asks for it twice; with --password-stdin it reads one line."})
  static final class Passwd implements Callable<Integer> {
    @ParentCommand
    UserCommand parent;

    @Parameters(paramLabel = "NAME", description = "The user.")
    String name;

    @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
    boolean passwordStdin;

    @Override
    public Integer call() throws Exception {
      String password;
      if (passwordStdin) {
        password = fromStdin();
      } else if (System.console() != null) {
        password = prompted(System.console(), name, false).orElseThrow();
      } else {
        throw new CliFailure("no password: run it on a terminal to be asked for one, or pipe it in with"
            + " --password-stdin", 2);
      }
      parent.cli.client().access().setPassword(name, password);
      parent.cli.out.println("set the password of user " + name);
      return 0;
    }
  }

  @Command(name = "remove", description = "Remove a user and revoke its tokens (not root).")
  static final class Remove implements Callable<Integer> {
    @ParentCommand
    UserCommand parent;

    @Parameters(paramLabel = "NAME", description = "The user.")
    String name;

    @Override
    public Integer call() {
      JsonNode answer = parent.cli.client().access().removeUser(name);
      parent.cli.out.println("removed user " + answer.path("removed").asText(name) + " ("
          + answer.path("tokensRevoked").asInt() + " token(s) revoked)");
      return 0;
    }
  }

  @Command(name = "list", description = "List the users, their roles and whether they have a password.")
  static final class Listing implements Callable<Integer> {
    @ParentCommand
    UserCommand parent;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() throws Exception {
      UnumClient client = parent.cli.client();
      JsonNode users = client.access().users();
      if (output.printedAsData(client.json(), users)) {
        return 0;
      }
      Table table = new Table("NAME", "ROLE", "PASSWORD", "CREATED");
      for (JsonNode user : users) {
        table.row(user.path("name").asText(), user.path("role").asText(),
            user.path("hasPassword").asBoolean() ? "yes" : "no (tokens only)", TokenCommand.when(user.path("createdAt")));
      }
      table.print(parent.cli.out);
      return 0;
    }
  }

  /** The first line of stdin, as {@code echo "$PW" | unum user ... --password-stdin} sends it. */
  static String fromStdin() throws IOException {
    // Not closed: it is the process's stdin, and closing the reader would close System.in.
    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (line == null || line.isEmpty()) {
      throw new CliFailure("--password-stdin: stdin has no password; pipe one line in (e.g. < password-file)", 2);
    }
    return checked(line);
  }

  /**
   * The password typed twice on {@code console}, without echo; empty when {@code mayBeNone} and nothing
   * was typed (a user who signs in with tokens only).
   */
  static Optional<String> prompted(Console console, String user, boolean mayBeNone) {
    char[] first = console.readPassword("Password for %s%s: ", user, mayBeNone ? " (nothing: none, tokens only)" : "");
    char[] second = null;
    try {
      if (first == null || first.length == 0) {
        if (mayBeNone && first != null) {
          return Optional.empty();
        }
        throw new CliFailure("no password given; nothing changed", 2);
      }
      String password = checked(new String(first));
      second = console.readPassword("Again: ");
      if (second == null || !Arrays.equals(first, second)) {
        throw new CliFailure("the two passwords differ; nothing changed", 2);
      }
      return Optional.of(password);
    } finally {
      // The String sent remains until collected; the arrays need not outlive this call.
      if (first != null) {
        Arrays.fill(first, '\0');
      }
      if (second != null) {
        Arrays.fill(second, '\0');
      }
    }
  }

  /** {@code password}, if long enough for the API; refused here, before anything is sent. */
  static String checked(String password) {
    int length = password.codePointCount(0, password.length());
    if (length < MIN_PASSWORD) {
      throw new CliFailure("a password must have at least " + MIN_PASSWORD + " characters (this one has " + length
          + "); nothing was sent", 2);
    }
    return password;
  }
}
