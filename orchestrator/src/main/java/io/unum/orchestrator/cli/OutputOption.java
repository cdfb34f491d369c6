package io.unum.orchestrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

/** The {@code -o table|json} option every listing takes, and the JSON half of printing. */
final class OutputOption {
  @Option(names = {"-o", "--output"}, description = "table or json (default: ${DEFAULT-VALUE}).",
      defaultValue = "table")
  OutputFormat format;

  /** Prints {@code answer} as JSON when asked to; returns whether it did. */
  boolean printedAsJson(ApiClient client, JsonNode answer) throws JsonProcessingException {
    if (format != OutputFormat.json) {
      return false;
    }
    System.out.println(client.json().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
    return true;
  }
}
