package io.unum.orchestrator.cli;

/** How listings are printed: a table for people, JSON or YAML for scripts. */
enum OutputFormat {
  table, json, yaml
}
