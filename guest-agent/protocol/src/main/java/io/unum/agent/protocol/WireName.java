package io.unum.agent.protocol;

/** An enum that travels as a fixed string, so renaming a constant cannot change the wire. */
interface WireName {
  /** The value's spelling on the wire. */
  String wireName();
}
