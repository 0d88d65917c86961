package io.pcagent.sandbox;

import java.io.IOException;

/** The sandbox folder cannot hold a working cluster; the message says why and what to do. */
final class SandboxSetupException extends IOException {
  private static final long serialVersionUID = 1L;

  SandboxSetupException(String message) {
    super(message);
  }
}
