/**
 * Database fixtures for tests: real servers (Docker, embedded or in-process), never skipped silently.
 */
@NullMarked
package dev.relay.testkit.db;

import org.jspecify.annotations.NullMarked;
